// Adult at scale: the rows of adult.csv (30,162) repeated `copies` times as
// one CSV. The first copy is the file verbatim; in each later copy every
// numeric value is scaled by a random factor in [0.95, 1.05] and rounded to
// an integer (Adult's numeric columns are all integers; zeros, such as most
// capital gains, stay zero), so the copies are not identical rows. The seed
// is fixed: the same `copies` always gives the same bytes.
#ifndef GLASSBOX_BENCH_SUPPORT_ADULT_REPLICA_H_
#define GLASSBOX_BENCH_SUPPORT_ADULT_REPLICA_H_

#include <ostream>

namespace glassbox::bench {

inline constexpr int kAdultRows = 30162;

void WriteAdultReplica(int copies, std::ostream& out);

}  // namespace glassbox::bench

#endif  // GLASSBOX_BENCH_SUPPORT_ADULT_REPLICA_H_
