package dev.reslab.download;

import dev.reslab.IoReason;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A published digest of a file: the algorithm ({@code MD5} or {@code SHA-256}) and its lower-case
 * hex digits, or only their first digits (torchvision names its weights after the first 8 hex
 * digits of their SHA-256).
 */
public record Digest(String algorithm, String hex) {

  public Digest {
    String a = algorithm.toUpperCase(Locale.ROOT);
    algorithm = a.equals("SHA256") ? "SHA-256" : a;
    hex = hex.trim().toLowerCase(Locale.ROOT);
    if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
      throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
    }
    if (hex.isEmpty()
        || hex.length() > length(algorithm)
        || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          "a "
              + algorithm
              + " digest is up to "
              + length(algorithm)
              + " hex digits: '"
              + hex
              + "'");
    }
  }

  public static Digest sha256(String hex) {
    return new Digest("SHA-256", hex);
  }

  public static Digest md5(String hex) {
    return new Digest("MD5", hex);
  }

  /** The {@code algorithm} digest of {@code file}; a read failure names the file. */
  public static Digest of(Path file, String algorithm) {
    MessageDigest md = newDigest(algorithm);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ReslabException("cannot read " + file + ": " + IoReason.of(e), e);
    }
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
  }

  /** Whether {@code actual} (a whole digest) is this one, or begins with this prefix. */
  public boolean matches(Digest actual) {
    return actual.algorithm.equals(algorithm) && actual.hex.startsWith(hex);
  }

  /** Whether this holds all the digits, not only a prefix. */
  public boolean complete() {
    return hex.length() == length(algorithm);
  }

  /** A fresh {@link MessageDigest} of {@code algorithm}. */
  static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // both algorithms are required of every JVM
    }
  }

  private static int length(String algorithm) {
    return algorithm.equals("MD5") ? 32 : 64;
  }

  /** {@code sha256:HEX} or {@code md5:HEX}, with {@code …} after a prefix. */
  @Override
  public String toString() {
    return (algorithm.equals("MD5") ? "md5" : "sha256") + ":" + hex + (complete() ? "" : "…");
  }
}
