"""reslab's TensorBoard logs as TensorBoard itself reads them."""
from google.protobuf import json_format
from tensorboard import context
from tensorboard.backend.event_processing import data_provider
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.plugins import base_plugin
from tensorboard.plugins.hparams import api_pb2
from tensorboard.plugins.hparams import backend_context
from tensorboard.plugins.hparams import get_experiment
from tensorboard.plugins.hparams import list_session_groups


def events(run_dir):
    """Every scalar (tag -> [[step, value]]) and image (tag -> [[step, width, height]]) of train/ and validation/."""
    result = {}
    for folder in ("train", "validation"):
        acc = event_accumulator.EventAccumulator(f"{run_dir}/{folder}", size_guidance={"scalars": 0, "images": 0})
        acc.Reload()
        tags = acc.Tags()
        result[folder] = {
            "scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]},
            "images": {t: [[e.step, e.width, e.height] for e in acc.Images(t)] for t in tags["images"]},
        }
    return result


def hparams(logdir):
    """The HParams tab's experiment and session groups for a folder of runs, as TensorBoard's plugin computes them."""
    mux = plugin_event_multiplexer.EventMultiplexer()
    mux.AddRunsFromDirectory(logdir)
    mux.Reload()
    provider = data_provider.MultiplexerDataProvider(mux, logdir)
    backend = backend_context.Context(base_plugin.TBContext(logdir=logdir, data_provider=provider, multiplexer=mux))
    request_context = context.RequestContext()
    experiment = get_experiment.Handler(request_context, backend, "", api_pb2.GetExperimentRequest()).run()
    request = api_pb2.ListSessionGroupsRequest(start_index=0, slice_size=100, include_metrics=True)
    request.allowed_statuses.extend([api_pb2.STATUS_UNKNOWN, api_pb2.STATUS_SUCCESS, api_pb2.STATUS_FAILURE,
                                     api_pb2.STATUS_RUNNING])
    groups = list_session_groups.Handler(request_context, backend, "", request).run()
    return {
        "experiment": json_format.MessageToDict(experiment),
        "session_groups": json_format.MessageToDict(groups),
    }
