#include <catch2/catch.hpp>

#include <cmath>

#include "models/random_stream.hpp"

using namespace bordersim;

TEST_CASE("Stream seeds depend on seed, replication and name only", "[random]")
{
  CHECK(derive_stream_seed(1, 0, "service/a/in/booth/car") == derive_stream_seed(1, 0, "service/a/in/booth/car"));
  CHECK(derive_stream_seed(1, 0, "service/a/in/booth/car") != derive_stream_seed(2, 0, "service/a/in/booth/car"));
  CHECK(derive_stream_seed(1, 0, "service/a/in/booth/car") != derive_stream_seed(1, 1, "service/a/in/booth/car"));
  CHECK(derive_stream_seed(1, 0, "service/a/in/booth/car") != derive_stream_seed(1, 0, "service/a/in/booth/bus"));
  // Fixed values: a change here changes every published result, so it must be deliberate.
  CHECK(hash_name("") == 0xcbf29ce484222325ULL);
  CHECK(hash_name("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("Uniforms are in (0,1) with the right mean, and exponentials have the right mean", "[random]")
{
  RandomStream s(derive_stream_seed(7, 0, "test"));
  const int n = 200000;
  double sum_u = 0, sum_e = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform_open();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum_u += u;
    sum_e += s.exponential(2.0);
  }
  // Standard errors: 0.2887/sqrt(n) and 2/sqrt(n); 4.5 of them is a 1-in-150,000 chance.
  CHECK(std::fabs(sum_u / n - 0.5) < 4.5 * 0.2887 / std::sqrt(n));
  CHECK(std::fabs(sum_e / n - 2.0) < 4.5 * 2.0 / std::sqrt(n));
}

TEST_CASE("Standard normals have mean 0 and variance 1", "[random]")
{
  RandomStream s(derive_stream_seed(8, 0, "normal"));
  const int n = 200000;
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double z = s.standard_normal();
    sum += z;
    squares += z * z;
  }
  CHECK(std::fabs(sum / n) < 4.5 / std::sqrt(n));
  CHECK(std::fabs(squares / n - 1.0) < 4.5 * std::sqrt(2.0 / n));
}
