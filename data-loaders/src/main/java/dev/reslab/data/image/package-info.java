/**
 * Java-side reading of single image files (ImageIO with TwelveMonkeys: JPEG incl. CMYK, PNG, BMP,
 * GIF) with the same evaluation preprocessing as the tf.data pipelines, for analysis commands such
 * as Grad-CAM on one image; and {@link dev.reslab.data.image.ImageHeader}, the check of an image
 * file's bytes before TensorFlow decodes it.
 */
package dev.reslab.data.image;
