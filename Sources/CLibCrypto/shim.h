#ifndef KPI_CLIBCRYPTO_SHIM_H
#define KPI_CLIBCRYPTO_SHIM_H
/* OpenSSL's libcrypto, for verifying SSH commit signatures in process (Ed25519, ECDSA, RSA).
   It is on every machine that has libgit2-dev (libgit2-dev → libssh2-1-dev → libssl-dev).
   Key construction goes through OSSL_PARAM builders whose selector macros Swift cannot
   import, so the few calls needed are wrapped here. Each returns 1 when the signature holds,
   0 when it does not, -1 when the key or signature cannot be read. */
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/err.h>

static inline int kpi_verify_with(EVP_PKEY *key, const EVP_MD *md, const unsigned char *sig, size_t siglen,
                                  const unsigned char *data, size_t len) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx) return -1;
    int rc = -1;
    if (EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1) {
        rc = EVP_DigestVerify(ctx, sig, siglen, data, len) == 1 ? 1 : 0;
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return rc;
}

static inline int kpi_verify_ed25519(const unsigned char *pub, size_t publen, const unsigned char *sig, size_t siglen,
                                     const unsigned char *data, size_t len) {
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, publen);
    if (!key) { ERR_clear_error(); return -1; }
    int rc = kpi_verify_with(key, NULL, sig, siglen, data, len);
    EVP_PKEY_free(key);
    return rc;
}

static inline EVP_PKEY *kpi_key_from_params(const char *type, OSSL_PARAM_BLD *bld) {
    EVP_PKEY *key = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) {
        if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return key;
}

/* group: "P-256", "P-384" or "P-521"; point: the uncompressed point; r, s: big-endian integers. */
static inline int kpi_verify_ecdsa(const char *group, const unsigned char *point, size_t pointlen,
                                   const unsigned char *r, size_t rlen, const unsigned char *s, size_t slen,
                                   const EVP_MD *md, const unsigned char *data, size_t len) {
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (!bld) return -1;
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, pointlen);
    EVP_PKEY *key = kpi_key_from_params("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    if (!key) { ERR_clear_error(); return -1; }
    int rc = -1;
    ECDSA_SIG *esig = ECDSA_SIG_new();
    BIGNUM *br = BN_bin2bn(r, (int)rlen, NULL), *bs = BN_bin2bn(s, (int)slen, NULL);
    if (esig && br && bs && ECDSA_SIG_set0(esig, br, bs) == 1) {
        br = bs = NULL; /* owned by esig now */
        unsigned char *der = NULL;
        int derlen = i2d_ECDSA_SIG(esig, &der);
        if (derlen > 0) {
            rc = kpi_verify_with(key, md, der, (size_t)derlen, data, len);
            OPENSSL_free(der);
        }
    }
    BN_free(br); BN_free(bs);
    ECDSA_SIG_free(esig);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return rc;
}

/* n, e: big-endian integers; PKCS #1 v1.5 padding. */
static inline int kpi_verify_rsa(const unsigned char *n, size_t nlen, const unsigned char *e, size_t elen,
                                 const EVP_MD *md, const unsigned char *sig, size_t siglen,
                                 const unsigned char *data, size_t len) {
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *bn = BN_bin2bn(n, (int)nlen, NULL), *be = BN_bin2bn(e, (int)elen, NULL);
    EVP_PKEY *key = NULL;
    if (bld && bn && be) {
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn);
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be);
        key = kpi_key_from_params("RSA", bld);
    }
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn); BN_free(be);
    if (!key) { ERR_clear_error(); return -1; }
    int rc = kpi_verify_with(key, md, sig, siglen, data, len);
    EVP_PKEY_free(key);
    return rc;
}

static inline int kpi_sha256(const unsigned char *data, size_t len, unsigned char *out32) {
    unsigned int n = 0;
    return EVP_Digest(data, len, out32, &n, EVP_sha256(), NULL);
}

static inline int kpi_sha512(const unsigned char *data, size_t len, unsigned char *out64) {
    unsigned int n = 0;
    return EVP_Digest(data, len, out64, &n, EVP_sha512(), NULL);
}
/* SHA-1 with its state as a plain struct, so a state can be kept and resumed (the index this
   process wrote is hashed again only from its first changed block). SHA1_Init and friends are
   deprecated in OpenSSL 3 in favour of EVP, whose contexts cannot be copied as values. */
#include <openssl/sha.h>
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline void kpi_sha1_start(SHA_CTX *c) { SHA1_Init(c); }
static inline void kpi_sha1_add(SHA_CTX *c, const void *data, size_t len) { SHA1_Update(c, data, len); }
static inline void kpi_sha1_end(const SHA_CTX *c, unsigned char *out20) { SHA_CTX copy = *c; SHA1_Final(out20, &copy); }
#pragma clang diagnostic pop
#endif
