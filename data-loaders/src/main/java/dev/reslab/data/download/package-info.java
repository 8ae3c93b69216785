/**
 * Fetching the official archives (checksum-verified, nothing half-written left behind) and checking
 * data folders: {@link dev.reslab.data.download.DataDownloader}, {@link
 * dev.reslab.data.download.DataVerifier}.
 */
package dev.reslab.data.download;
