package dev.ragserver.index.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of {@code opensearch.ca_certificate}: trust exactly the CAs of a PEM file. */
final class TrustedCertificates {
  private TrustedCertificates() {}

  /**
   * An SSL context that trusts the certificates of a PEM (or DER) file, host names verified as
   * usual.
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no certificate
   */
  static SSLContext load(Path file) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "opensearch.ca_certificate cannot be read as X.509 certificates (PEM): "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("opensearch.ca_certificate holds no certificate: " + file);
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("ca-" + n++, c);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }
}
