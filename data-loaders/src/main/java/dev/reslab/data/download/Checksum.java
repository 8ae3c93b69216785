package dev.reslab.data.download;

import dev.reslab.data.DataException;
import dev.reslab.download.Digest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** A published checksum: algorithm ({@code MD5} or {@code SHA-256}) and lower-case hex digest. */
public record Checksum(String algorithm, String hex) {

  public Checksum {
    algorithm =
        algorithm.toUpperCase(Locale.ROOT).equals("SHA256")
            ? "SHA-256"
            : algorithm.toUpperCase(Locale.ROOT);
    hex = hex.trim().toLowerCase(Locale.ROOT);
    int expected =
        switch (algorithm) {
          case "MD5" -> 32;
          case "SHA-256" -> 64;
          default ->
              throw new DataException(
                  "unsupported checksum algorithm " + algorithm + " (use md5 or sha256)");
        };
    if (hex.length() != expected || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new DataException(
          "a " + algorithm + " checksum is " + expected + " hex digits, got '" + hex + "'");
    }
  }

  public static Checksum md5(String hex) {
    return new Checksum("MD5", hex);
  }

  public static Checksum sha256(String hex) {
    return new Checksum("SHA-256", hex);
  }

  /** Parses {@code md5:HEX} or {@code sha256:HEX}. */
  public static Checksum parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new DataException("checksum '" + text + "' should look like sha256:HEX or md5:HEX");
    }
    return new Checksum(text.substring(0, colon), text.substring(colon + 1));
  }

  /** A fresh digest for this algorithm. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This checksum as the downloader checks it. */
  public Digest digest() {
    return new Digest(algorithm, hex);
  }

  /** The SHA-256 of {@code file} as 64 hex digits. */
  public static String sha256Of(Path file) {
    return Digest.of(file, "SHA-256").hex();
  }

  /** The digest of {@code file} in this algorithm. */
  public String digestOf(Path file) {
    return Digest.of(file, algorithm).hex();
  }

  @Override
  public String toString() {
    return (algorithm.equals("MD5") ? "md5" : "sha256") + ":" + hex;
  }
}
