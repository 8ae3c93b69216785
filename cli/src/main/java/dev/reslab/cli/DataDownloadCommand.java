package dev.reslab.cli;

import dev.reslab.data.download.Checksum;
import dev.reslab.data.download.DataDownloader;
import dev.reslab.data.download.DataVerifier;
import dev.reslab.data.download.RemoteArchive;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslab data download cifar10|imagenet-v2 --to DIR}. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download a data set's official archive, verify its published checksum and unpack it.",
      "Nothing is left behind when the download or the check fails.",
      "CelebA cannot be fetched automatically; 'download celeba' says where to get it."
    })
final class DataDownloadCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "DATASET",
      description = "cifar10 or imagenet-v2 (celeba: instructions)")
  String dataset;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "folder to unpack into")
  Path to;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "download from this mirror instead of the official URL")
  URI url;

  @Option(
      names = "--checksum",
      paramLabel = "ALG:HEX",
      description = "expected checksum (sha256:HEX or md5:HEX) instead of the published one")
  String checksum;

  @Option(names = "--keep-archive", description = "keep the downloaded archive next to the data")
  boolean keepArchive;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RemoteArchive archive = RemoteArchive.of(dataset);
    if (url != null) {
      archive = archive.withUrl(url);
    }
    if (checksum != null) {
      archive = archive.withChecksum(Checksum.parse(checksum));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("downloading " + archive.url() + " (" + archive.checksum() + ")");
    out.flush();
    Path folder;
    try (ProgressBar bar =
        ProgressBars.start(
            archive.dataset(), archive.size() > 0 ? archive.size() : -1, "MB", 1 << 20)) {
      folder =
          new DataDownloader()
              .install(
                  archive,
                  to,
                  keepArchive,
                  (done, total) -> {
                    if (total > 0 && bar.getMax() != total) {
                      bar.maxHint(total);
                    }
                    bar.stepTo(done);
                  });
    }
    out.println(archive.dataset() + ": checksum verified, unpacked into " + folder);
    DataVerifier.Report report = DataVerifier.verify(folder);
    report.findings().forEach(out::println);
    out.flush();
    return report.ok() ? 0 : 1;
  }
}
