package io.promisemonitor.web.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An {@link SSLContext} from the PEM files web servers use: a certificate chain (server certificate first) and
 * an unencrypted PKCS#8 private key, as {@code openssl req -newkey} and certbot write them. Plain JDK, no
 * third-party crypto.
 */
public final class PemSslContext {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemSslContext() {
    }

    /**
     * @throws IllegalArgumentException with a message naming the file and what is allowed
     */
    public static SSLContext load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile, chain.get(0).getPublicKey());
        checkPair(key, chain.get(0).getPublicKey(), keyFile, certificateFile);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("monitor", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls-certificate " + certificateFile + " and tls-key " + keyFile
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(read(file, "tls-certificate"));
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(
                            Base64.getMimeDecoder().decode(m.group(2)))));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-certificate " + file + ": not a valid PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls-certificate " + file + ": no '-----BEGIN CERTIFICATE-----' block;"
                    + " allowed: a PEM certificate chain, the server's certificate first");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, PublicKey publicKey) {
        Matcher m = BLOCK.matcher(read(file, "tls-key"));
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                String algorithm = publicKey.getAlgorithm();
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("tls-key " + file + ": not a valid " + algorithm
                            + " PKCS#8 key: " + e.getMessage(), e);
                }
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || type.endsWith(" PRIVATE KEY")) {
                throw new IllegalArgumentException("tls-key " + file + ": a '" + type + "' block; allowed: an"
                        + " unencrypted PKCS#8 key ('-----BEGIN PRIVATE KEY-----'): convert it with"
                        + " 'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
            }
        }
        throw new IllegalArgumentException("tls-key " + file + ": no '-----BEGIN PRIVATE KEY-----' block; allowed:"
                + " an unencrypted PKCS#8 key in PEM");
    }

    /** A key that does not belong to the certificate would only fail at the first handshake; say so now. */
    private static void checkPair(PrivateKey key, PublicKey publicKey, Path keyFile, Path certificateFile) {
        String algorithm;
        switch (publicKey.getAlgorithm()) {
            case "RSA": algorithm = "SHA256withRSA"; break;
            case "EC": algorithm = "SHA256withECDSA"; break;
            case "Ed25519": case "EdDSA": algorithm = "Ed25519"; break;
            default: return;
        }
        try {
            byte[] probe = "promise monitor".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("tls-key " + keyFile + " is not the key of tls-certificate "
                + certificateFile);
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " " + file + " cannot be read: " + e, e);
        }
    }
}
