/**
 * Fetching published files over HTTP: {@link dev.reslab.download.ChecksummedDownloader} downloads
 * to a temporary file, checks the {@link dev.reslab.download.Digest} and renames atomically; data
 * sets and pretrained weights share it.
 */
package dev.reslab.download;
