"""A study reslab exported, as Optuna itself loads, plots and analyses it."""
import math

import optuna


def plain(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def load(storage, study_name):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(study_name=study_name, storage=f"sqlite:///{storage}")
    trials = [{
        "number": t.number,
        "state": t.state.name,
        "params": t.params,
        "distributions": {k: type(d).__name__ for k, d in t.distributions.items()},
        "value": plain(t.value),
        "intermediate": {str(k): plain(v) for k, v in t.intermediate_values.items()},
        "user_attrs": t.user_attrs,
        "started": t.datetime_start is not None,
        "completed": t.datetime_complete is not None,
    } for t in study.trials]
    result = {"direction": study.direction.name, "user_attrs": study.user_attrs, "trials": trials}
    if any(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials):
        result["best_trial"] = study.best_trial.number
        result["importances"] = optuna.importance.get_param_importances(study)
        figures = [optuna.visualization.plot_optimization_history(study),
                   optuna.visualization.plot_intermediate_values(study),
                   optuna.visualization.plot_timeline(study),
                   optuna.visualization.plot_param_importances(study)]
        result["figures"] = [len(f.data) for f in figures]
    return result


def importances(storage, study_name):
    """Optuna's parameter importances with its default evaluator, and which evaluator that is."""
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.load_study(study_name=study_name, storage=f"sqlite:///{storage}")
    import inspect
    default = inspect.signature(optuna.importance.get_param_importances).parameters["evaluator"]
    values = optuna.importance.get_param_importances(study)
    ped = optuna.importance.get_param_importances(
        study, evaluator=optuna.importance.PedAnovaImportanceEvaluator())
    return {"values": values, "ped_anova": ped, "default_is_ped_anova": values == ped,
            "default_parameter": str(default.default)}
