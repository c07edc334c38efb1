#ifndef SSIM_CONFORMANCE_CLIBCRYPTO_SHIM_H
#define SSIM_CONFORMANCE_CLIBCRYPTO_SHIM_H

// OpenSSL's libcrypto (Debian's libssl-dev, which libhdf5-dev already installs), for the manifest's SHA-256: one
// digest does not warrant building a copy of BoringSSL (swift-crypto) in every build configuration. Only the EVP
// one-shot digest is used, the interface OpenSSL 3 keeps undeprecated.

#include <openssl/evp.h>

#endif
