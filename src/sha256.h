// dormant/sha256.h — incremental SHA-256 (OpenSSL libcrypto), for the input hashes of the
// decision-file header.
#ifndef DORMANT_SHA256_H_
#define DORMANT_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

namespace dormant {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Returns the lowercase hex digest of everything passed to Update(). Call once.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace dormant

#endif  // DORMANT_SHA256_H_
