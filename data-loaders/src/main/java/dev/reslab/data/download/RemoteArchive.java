package dev.reslab.data.download;

import dev.reslab.data.DataException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a data set's official archive is and what it unpacks to.
 *
 * @param dataset data set name ({@code cifar10}, {@code imagenet-v2})
 * @param url the archive's address
 * @param checksum the published checksum
 * @param size the published size in bytes (0 if unknown)
 * @param folder the top folder the archive unpacks to
 */
public record RemoteArchive(String dataset, URI url, Checksum checksum, long size, String folder) {

  /**
   * CIFAR-10 binary version, md5 from the data set's home page (cs.toronto.edu/~kriz/cifar.html).
   */
  public static final RemoteArchive CIFAR10 =
      new RemoteArchive(
          "cifar10",
          URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
          Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530"),
          170_052_171L,
          "cifar-10-batches-bin");

  /** ImageNetV2 MatchedFrequency, sha256 as recorded by TensorFlow Datasets. */
  public static final RemoteArchive IMAGENET_V2 =
      new RemoteArchive(
          "imagenet-v2",
          URI.create(
              "https://huggingface.co/datasets/vaishaal/ImageNetV2/resolve/main/imagenetv2-matched-frequency.tar.gz"),
          Checksum.sha256("f0c37fdf925916b19ea1323cd9a2208cdb6959ba2c32eef2a7fc393835c9ca7c"),
          1_264_079_360L,
          "imagenetv2-matched-frequency-format-val");

  public static final List<RemoteArchive> ALL = List.of(CIFAR10, IMAGENET_V2);

  /** Where to get CelebA by hand (its hosting needs a person to click through). */
  public static final String CELEBA_HELP =
      "CelebA cannot be downloaded automatically (its Google Drive / Baidu links "
          + "need a person): get img_align_celeba.zip, list_attr_celeba.txt and list_eval_partition.txt from "
          + "https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html, unzip the images into DIR/img_align_celeba and put the "
          + "two text files in DIR";

  /** The archive of {@code dataset}. */
  public static RemoteArchive of(String dataset) {
    String n = dataset.trim().toLowerCase(Locale.ROOT);
    if (n.equals("celeba")) {
      throw new DataException(CELEBA_HELP);
    }
    for (RemoteArchive a : ALL) {
      if (a.dataset().equals(n)) {
        return a;
      }
    }
    throw new DataException(
        "no download for data set '" + dataset + "'; downloadable: cifar10, imagenet-v2");
  }

  /** The archive's file name (last path segment of the URL). */
  public String fileName() {
    String p = url.getPath();
    return p.substring(p.lastIndexOf('/') + 1);
  }

  public RemoteArchive withUrl(URI other) {
    return new RemoteArchive(dataset, other, checksum, 0, folder);
  }

  public RemoteArchive withChecksum(Checksum other) {
    return new RemoteArchive(dataset, url, other, 0, folder);
  }
}
