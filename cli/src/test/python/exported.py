"""reslab's SavedModel export as Python TensorFlow and Keras 3 see it."""
import numpy as np
import tensorflow as tf
from tensorflow.core.protobuf import saved_model_pb2


def signature_defs(export_dir):
    saved = saved_model_pb2.SavedModel()
    with open(f"{export_dir}/saved_model.pb", "rb") as f:
        saved.ParseFromString(f.read())
    return saved.meta_graphs[0].signature_def


def outputs(export_dir, images, logits, probabilities, head):
    """Serving and features signatures, and the model inside Keras, against reslab's logits and probabilities."""
    x = tf.constant(np.load(images))
    m = tf.saved_model.load(export_dir)
    served = m.signatures["serving_default"](images=x)
    expect_logits = np.load(logits)
    expect_probabilities = np.load(probabilities)
    own = tf.nn.softmax(served["logits"]) if head == "softmax" else tf.sigmoid(served["logits"])
    features = m.signatures["features"](images=x)

    import keras
    inputs = keras.Input(shape=x.shape[1:], dtype="float32")
    wrapped = keras.layers.TFSMLayer(export_dir, call_endpoint="serving_default")(inputs)
    in_keras = keras.Model(inputs, wrapped).predict(x.numpy(), verbose=0)
    return {
        "signatures": sorted(m.signatures.keys()),
        "logits_diff": float(np.abs(served["logits"].numpy() - expect_logits).max()),
        "probabilities_diff": float(np.abs(served["probabilities"].numpy() - expect_probabilities).max()),
        "probabilities_vs_head": float(np.abs(served["probabilities"].numpy() - own.numpy()).max()),
        "probabilities_sum_range": [float(served["probabilities"].numpy().sum(1).min()),
                                    float(served["probabilities"].numpy().sum(1).max())],
        "feature_shapes": {k: v.shape.as_list() for k, v in features.items()},
        "keras_logits_diff": float(np.abs(in_keras["logits"] - expect_logits).max()),
    }


def grad_cam(export_dir, images, layer, classes, out):
    """Grad-CAM as a Python user writes it on the features signature (maps at the layer's resolution -> out)."""
    m = tf.saved_model.load(export_dir)
    sigs = signature_defs(export_dir)
    x = tf.constant(np.load(images))
    activations = m.signatures["features"](images=x)[layer]
    # The features tensors are the ones the logits are computed from: feed one, fetch the logits.
    head = m.prune(feeds=[sigs["features"].outputs[layer].name],
                   fetches=[sigs["serving_default"].outputs["logits"].name])
    with tf.GradientTape() as tape:
        tape.watch(activations)
        logits = head(activations)[0]
        score = tf.reduce_sum(logits * tf.one_hot(classes, logits.shape[-1]), axis=1)
    gradients = tape.gradient(score, activations)
    weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)
    cam = tf.nn.relu(tf.reduce_sum(weights * activations, axis=-1))
    np.save(out, cam.numpy())
    return cam.shape.as_list()


def checkpoint(prefix_dir, names, out_dir):
    """tf.train.load_checkpoint on a run's checkpoint folder: every variable's name, shape; values to out_dir."""
    reader = tf.train.load_checkpoint(prefix_dir)
    shapes = reader.get_variable_to_shape_map()
    for i, name in enumerate(names):
        np.save(f"{out_dir}/{i}.npy", reader.get_tensor(name).astype(np.float32))
    return {name: list(shape) for name, shape in shapes.items()}
