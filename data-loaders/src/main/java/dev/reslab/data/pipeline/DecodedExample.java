package dev.reslab.data.pipeline;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * One decoded example inside a map function.
 *
 * @param image [H, W, 3] float32 pixels in 0..255, already at the data set's output size
 * @param label a scalar class id (integer) for multi-class data, or [K] float32 multi-hot for
 *     multi-label data
 */
public record DecodedExample(Operand<TFloat32> image, Operand<? extends TNumber> label) {}
