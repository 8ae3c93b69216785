/**
 * Published pretrained weights fetched over HTTP and checked against their published hash ({@link
 * dev.reslab.interop.download.PretrainedWeights}, {@link
 * dev.reslab.interop.download.WeightsDownloader}).
 */
package dev.reslab.interop.download;
