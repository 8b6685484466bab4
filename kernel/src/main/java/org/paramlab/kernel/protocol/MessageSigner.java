package org.paramlab.kernel.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Signs messages as the Jupyter protocol asks: signature = hex(HMAC(key, header + parent_header
 * + metadata + content)). An empty key means "no signing" (the signature is the empty string).
 */
public final class MessageSigner {

    private final Mac mac;

    public MessageSigner(String scheme, String key) throws GeneralSecurityException {
        if (key == null || key.isEmpty()) {
            this.mac = null;
            return;
        }
        // "hmac-sha256" -> "HmacSHA256"
        String algorithm = "Hmac" + scheme.replace("hmac-", "").toUpperCase(java.util.Locale.ROOT);
        this.mac = Mac.getInstance(algorithm);
        this.mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    }

    public synchronized String sign(byte[]... parts) {
        if (mac == null) {
            return "";
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Constant-time comparison, so the time taken does not leak how much of a signature matched. */
    public boolean verify(String signature, byte[]... parts) {
        if (mac == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
