"""Models made in Python (Keras 3 and a bare tf.Module), exported as SavedModels for reslab to use."""
import numpy as np
import tensorflow as tf


def keras_resnet(export_dir, classes=10, seed=3, cam=None):
    """A small Keras 3 ResNet (Conv2D, BatchNormalization, residual adds), exported with model.export().

    cam: {"images": npy, "layer": name, "classes": [..], "out": npy} -> Grad-CAM of the model with tf.GradientTape
    (maps at the layer's resolution, of the scores before the softmax), written to out.
    """
    import keras
    keras.utils.set_random_seed(seed)
    layers = keras.layers
    inputs = keras.Input(shape=(32, 32, 3), name="pixels")
    x = layers.Rescaling(1 / 255, name="rescale")(inputs)
    x = layers.Conv2D(8, 3, padding="same", use_bias=False, name="stem_conv")(x)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    for block, (filters, stride) in enumerate([(8, 1), (16, 2)], start=1):
        shortcut = x
        y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=f"block{block}_conv1")(x)
        y = layers.BatchNormalization(name=f"block{block}_bn1")(y)
        y = layers.ReLU(name=f"block{block}_relu1")(y)
        y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"block{block}_conv2")(y)
        y = layers.BatchNormalization(name=f"block{block}_bn2")(y)
        if stride != 1 or shortcut.shape[-1] != filters:
            shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False, name=f"block{block}_proj")(shortcut)
            shortcut = layers.BatchNormalization(name=f"block{block}_proj_bn")(shortcut)
        x = layers.ReLU(name=f"block{block}_out")(layers.Add(name=f"block{block}_add")([shortcut, y]))
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    outputs = layers.Dense(classes, activation="softmax", name="fc")(x)
    model = keras.Model(inputs, outputs)
    # Moving statistics away from 0/1, as after training: BatchNorm in inference then does real work.
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            c = layer.moving_mean.shape[0]
            layer.moving_mean.assign(rng.normal(0, 0.1, c).astype("float32"))
            layer.moving_variance.assign(rng.uniform(0.5, 1.5, c).astype("float32"))
            layer.gamma.assign(rng.uniform(0.5, 1.5, c).astype("float32"))
            layer.beta.assign(rng.normal(0, 0.1, c).astype("float32"))
    model.export(export_dir, verbose=False)
    if cam:
        x = tf.constant(np.load(cam["images"]))
        taps = keras.Model(inputs, [model.get_layer(cam["layer"]).output, model.get_layer("pool").output])
        fc = model.get_layer("fc")
        with tf.GradientTape() as tape:
            activations, pooled = taps(x)
            logits = pooled @ fc.kernel + fc.bias
            score = tf.reduce_sum(logits * tf.one_hot(cam["classes"], classes), axis=1)
        weights = tf.reduce_mean(tape.gradient(score, activations), axis=(1, 2), keepdims=True)
        np.save(cam["out"], tf.nn.relu(tf.reduce_sum(weights * activations, axis=-1)).numpy())
    return {"keras": keras.__version__, "tensorflow": tf.__version__}


def keras_default_names(export_dir, seed=4):
    """Three Conv2D layers left to Keras' own names (conv2d, conv2d_1, conv2d_2), exported with model.export().

    Returns the names Keras gave them: a layer's own "_1" must not be taken for a call suffix.
    """
    import keras
    keras.utils.set_random_seed(seed)
    layers = keras.layers
    inputs = keras.Input(shape=(32, 32, 3))
    x = inputs
    convs = []
    for _ in range(3):
        conv = layers.Conv2D(4, 3, padding="same", activation="relu")
        convs.append(conv)
        x = conv(x)
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
    model.export(export_dir, verbose=False)
    return {"convs": [c.name for c in convs]}


class _Module(tf.Module):
    """A bare tf.Module: 3x3 convolution, BatchNorm in its inference form (the FusedBatchNormV3 op), ReLU, global
    mean, dense, softmax."""

    def __init__(self, seed):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.kernel = tf.Variable(rng.normal(0, 0.3, (3, 3, 3, 6)).astype("float32"), name="kernel")
        self.gamma = tf.Variable(rng.uniform(0.5, 1.5, 6).astype("float32"), name="gamma")
        self.beta = tf.Variable(rng.normal(0, 0.1, 6).astype("float32"), name="beta")
        self.mean = tf.Variable(rng.normal(0, 0.1, 6).astype("float32"), name="mean")
        self.variance = tf.Variable(rng.uniform(0.5, 1.5, 6).astype("float32"), name="variance")
        self.weights = tf.Variable(rng.normal(0, 0.5, (6, 10)).astype("float32"), name="weights")
        self.bias = tf.Variable(rng.normal(0, 0.1, (10,)).astype("float32"), name="bias")

    def features(self, images):
        x = tf.nn.conv2d(images / 255.0, self.kernel, 1, "SAME")
        x, _, _ = tf.compat.v1.nn.fused_batch_norm(x, self.gamma, self.beta, self.mean, self.variance,
                                                   epsilon=1e-3, is_training=False)
        return tf.nn.relu(x, name="features")

    def logits(self, features):
        return tf.reduce_mean(features, axis=[1, 2]) @ self.weights + self.bias

    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 3], tf.float32, name="images")])
    def __call__(self, images):
        return {"scores": tf.nn.softmax(self.logits(self.features(images)))}


def tf_module(export_dir, seed=5, cam=None):
    """A tf.Module with a @tf.function signature, saved with tf.saved_model.save; cam as for keras_resnet (the layer
    is always the ReLU named 'features')."""
    module = _Module(seed)
    tf.saved_model.save(module, export_dir, signatures={"serving_default": module.__call__})
    if cam:
        activations = module.features(tf.constant(np.load(cam["images"])))
        with tf.GradientTape() as tape:
            tape.watch(activations)
            logits = module.logits(activations)
            score = tf.reduce_sum(logits * tf.one_hot(cam["classes"], 10), axis=1)
        weights = tf.reduce_mean(tape.gradient(score, activations), axis=(1, 2), keepdims=True)
        np.save(cam["out"], tf.nn.relu(tf.reduce_sum(weights * activations, axis=-1)).numpy())
    return {"tensorflow": tf.__version__}


def describe(export_dir):
    """The serving signature's inputs and outputs as Python sees them: key -> [DataType enum name, shape]."""
    from tensorflow.core.framework import types_pb2
    fn = tf.saved_model.load(export_dir).signatures["serving_default"]

    def spec(v):
        return [types_pb2.DataType.Name(v.dtype.as_datatype_enum), v.shape.as_list()]
    inputs = {k: spec(v) for k, v in fn.structured_input_signature[1].items()}
    outputs = {k: spec(v) for k, v in fn.structured_outputs.items()}
    return {"inputs": inputs, "outputs": outputs}


def cifar_metrics(export_dir, batch_file):
    """Accuracy and top-5 accuracy of a model on raw 0-255 pixels of a CIFAR-10 binary batch file."""
    raw = np.fromfile(batch_file, dtype=np.uint8).reshape(-1, 3073)
    labels = raw[:, 0].astype(np.int64)
    images = raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float32)
    fn = tf.saved_model.load(export_dir).signatures["serving_default"]
    (key,) = fn.structured_input_signature[1].keys()
    (scores,) = [v.numpy() for v in fn(**{key: tf.constant(images)}).values()]
    top5 = np.argsort(-scores, axis=1, kind="stable")[:, :5]
    return {"accuracy": float((scores.argmax(1) == labels).mean()),
            "top5": float((top5 == labels[:, None]).any(1).mean()), "examples": int(len(labels))}


def predict_files(export_dir, files):
    """The serving signature's scores for PNG files decoded by TensorFlow (raw 0-255 pixels)."""
    images = tf.stack([tf.cast(tf.io.decode_png(tf.io.read_file(f), channels=3), tf.float32) for f in files])
    fn = tf.saved_model.load(export_dir).signatures["serving_default"]
    (key,) = fn.structured_input_signature[1].keys()
    (scores,) = [v.numpy() for v in fn(**{key: images}).values()]
    return scores
