/**
 * The TLS policy both public TLS endpoints follow (nginx on 443, FreeSWITCH's SIP-TLS on 5061):
 * Mozilla "intermediate" (guideline 6.0) for OpenSSL 3: TLS 1.2 and 1.3, ECDHE key exchange and
 * AEAD ciphers only (TLS 1.3's own suites are all AEAD and are not listed here).
 */
export const mozillaIntermediate = {
    protocols: ["TLSv1.2", "TLSv1.3"],
    ciphers: [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ],
} as const;
