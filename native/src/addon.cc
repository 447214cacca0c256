// tensorly-ts native addon: Node-API bindings over the system's OpenBLAS (CBLAS) and LAPACKE, plus a split
// GEMM for skinny products (two single-threaded halves) and a pool of recycled memory for large results.
//
// Every function works in place on typed-array memory (no copies): the TypeScript side (src/backends/native)
// passes arrays, element offsets and leading dimensions, and this file checks that each access stays inside
// its array before calling the library. GEMM is row-major (CBLAS); the LAPACK routines are called in
// column-major order, which the TypeScript side arranges for (a row-major matrix is the column-major
// transpose, so most calls need no transposition at all).
//
// LAPACK's `info` is returned as a number: 0 success, < 0 a bad argument (a bug on our side), > 0 the
// routine's own failure (singular matrix, not positive definite, no convergence).

#include <napi.h>
#include <v8.h>

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

// OpenBLAS threading. Its worker threads wake up for every multithreaded call and then spin for a while;
// in a program that alternates BLAS calls with JavaScript work on two cores that costs more than it gains
// for small or skinny products (measured: CP-ALS on 100^3 runs 20-30% faster with one thread). So calls
// below a size threshold run on one thread, and the rest on all of them (OPENBLAS_NUM_THREADS, else the
// cores), switching only when the count changes.
int g_max_threads = 0;
int g_current_threads = 0;

void UseThreads(bool big) {
  if (g_max_threads == 0) g_max_threads = g_current_threads = openblas_get_num_threads();
  const int want = big ? g_max_threads : 1;
  if (want != g_current_threads) {
    openblas_set_num_threads(want);
    g_current_threads = want;
  }
}

// Worth more than one thread: at least 2^22 multiply-adds with no side thinner than 32, or 10^7 of any shape
// (a tensor-sized product of CP-ALS, whose rank is the thin side, still gains from a second thread).
// The thinnest side of a product.
int64_t Thin(int64_t m, int64_t n, int64_t k) { return std::min({m, n, k}); }

bool Big(int64_t m, int64_t n, int64_t k) {
  const int64_t thin = Thin(m, n, k);
  const double work = static_cast<double>(m) * n * k;
  return (thin >= 32 && work >= 4194304.0) || work >= 1e7;
}

// Skinny products (a side thinner than 32, as in CP-ALS where the rank is the thin side) split in two here
// instead: OpenBLAS's own threading does poorly on them (measured on 2 cores: X^T (100x10000) times a
// (10000x10) Khatri-Rao product takes 0.64 ms on one thread and 1.1 ms on two), while two single-threaded
// halves run side by side take about half the time. Each half is an ordinary single-threaded cblas call
// (OpenBLAS's pthreads build allows concurrent calls from several threads).
bool Skinny(int64_t m, int64_t n, int64_t k) {
  return Thin(m, n, k) < 32 && static_cast<double>(m) * n * k >= 2097152.0;
}

// One helper thread for the split products, started on first use and kept for the life of the process
// (it is never joined or destroyed, so nothing waits on it at exit). `busy` is held by the caller for the
// whole of a split call: a second JavaScript thread (a worker) that finds it held runs its product unsplit.
// Jobs are handed over through `posted`/`finished` counters. Both sides spin briefly before sleeping on the
// condition variable: CP-ALS issues its big products a fraction of a millisecond apart, and waking a
// sleeping thread costs tens of microseconds on a virtual machine.
struct SplitHelper {
  std::mutex busy;
  std::mutex m;
  std::condition_variable cv;
  std::function<void()> job;
  std::atomic<uint64_t> posted{0};
  std::atomic<uint64_t> finished{0};
};

constexpr auto kSpin = std::chrono::microseconds(200);

// Waits until `counter` reaches `target`: spinning for up to kSpin, then on the condition variable.
void AwaitCount(SplitHelper* h, const std::atomic<uint64_t>& counter, uint64_t target) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  while (counter.load(std::memory_order_acquire) < target) {
    if (std::chrono::steady_clock::now() > until) {
      std::unique_lock<std::mutex> lock(h->m);
      h->cv.wait(lock, [&] { return counter.load(std::memory_order_acquire) >= target; });
      return;
    }
  }
}

// Advances `counter` and wakes whoever sleeps on the condition variable.
void Bump(SplitHelper* h, std::atomic<uint64_t>& counter) {
  {
    std::lock_guard<std::mutex> lock(h->m);
    counter.fetch_add(1, std::memory_order_acq_rel);
  }
  h->cv.notify_all();
}

SplitHelper* Helper() {
  static SplitHelper* helper = [] {
    auto* h = new SplitHelper();
    std::thread([h] {
      for (uint64_t next = 1;; next++) {
        AwaitCount(h, h->posted, next);
        h->job();
        Bump(h, h->finished);
      }
    }).detach();
    return h;
  }();
  return helper;
}

// Row-major C = alpha op(A) op(B) + beta C on one thread of OpenBLAS.
template <typename T>
void GemmCall(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const T* a, int64_t lda, const T* b,
              int64_t ldb, double beta, T* c, int64_t ldc) {
  const CBLAS_TRANSPOSE tA = ta ? CblasTrans : CblasNoTrans, tB = tb ? CblasTrans : CblasNoTrans;
  if constexpr (sizeof(T) == 8) {
    cblas_dgemm(CblasRowMajor, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    cblas_sgemm(CblasRowMajor, tA, tB, m, n, k, static_cast<float>(alpha), a, lda, b, ldb, static_cast<float>(beta), c,
                ldc);
  }
}

// Row-major C = alpha op(A) op(B) + beta C when C is one column (n = 1) or one row (m = 1), as a dgemv.
// n = 1: c[i*ldc] = alpha Σ_p op(A)[i,p] op(B)[p,0] + beta c[i*ldc]; op(B)'s column steps by ldb (untransposed)
// or 1 (transposed). m = 1: the row of C is op(B)ᵀ times op(A)'s row, which steps by 1 or lda.
template <typename T>
void Gemv(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const T* a, int64_t lda, const T* b,
          int64_t ldb, double beta, T* c, int64_t ldc) {
  if (n == 1) {
    const int64_t incx = tb ? 1 : ldb;
    // op(A) (m, k): row-major A (m, k) with lda untransposed; stored (k, m) with lda when transposed.
    const CBLAS_TRANSPOSE t = ta ? CblasTrans : CblasNoTrans;
    const int64_t rows = ta ? k : m, cols = ta ? m : k;
    if constexpr (sizeof(T) == 8) {
      cblas_dgemv(CblasRowMajor, t, rows, cols, alpha, a, lda, b, incx, beta, c, ldc);
    } else {
      cblas_sgemv(CblasRowMajor, t, rows, cols, static_cast<float>(alpha), a, lda, b, incx, static_cast<float>(beta),
                  c, ldc);
    }
    return;
  }
  // m = 1: C (1, n) = op(A) (1, k) · op(B) (k, n), i.e. Cᵀ = op(B)ᵀ · op(A)ᵀ.
  const int64_t incx = ta ? lda : 1;
  // op(B)ᵀ (n, k): B stored (k, n) untransposed (use Trans on it), or (n, k) transposed (NoTrans).
  const CBLAS_TRANSPOSE t = tb ? CblasNoTrans : CblasTrans;
  const int64_t rows = tb ? n : k, cols = tb ? k : n;
  if constexpr (sizeof(T) == 8) {
    cblas_dgemv(CblasRowMajor, t, rows, cols, alpha, b, ldb, a, incx, beta, c, 1);
  } else {
    cblas_sgemv(CblasRowMajor, t, rows, cols, static_cast<float>(alpha), b, ldb, a, incx, static_cast<float>(beta),
                c, 1);
  }
}

// Splits a skinny product along its longest side between this thread and the helper: rows or columns of C
// (each half writes its own part), or the depth (the helper's partial product goes to scratch memory and is
// added here). Returns false, having done nothing, when the helper is taken by another thread.
template <typename T>
bool SplitGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const T* a, int64_t lda, const T* b,
               int64_t ldb, double beta, T* c, int64_t ldc) {
  SplitHelper* h = Helper();
  std::unique_lock<std::mutex> busy(h->busy, std::try_to_lock);
  if (!busy.owns_lock()) return false;
  UseThreads(false);
  std::vector<T> scratch;
  std::function<void()> mine;
  if (m >= n && m >= k) {
    const int64_t m0 = m / 2;
    // Row i of op(A) starts at a + i*lda untransposed, a + i transposed.
    const T* a1 = ta ? a + m0 : a + m0 * lda;
    h->job = [=] { GemmCall<T>(ta, tb, m - m0, n, k, alpha, a1, lda, b, ldb, beta, c + m0 * ldc, ldc); };
    mine = [=] { GemmCall<T>(ta, tb, m0, n, k, alpha, a, lda, b, ldb, beta, c, ldc); };
  } else if (n >= k) {
    const int64_t n0 = n / 2;
    const T* b1 = tb ? b + n0 * ldb : b + n0;
    h->job = [=] { GemmCall<T>(ta, tb, m, n - n0, k, alpha, a, lda, b1, ldb, beta, c + n0, ldc); };
    mine = [=] { GemmCall<T>(ta, tb, m, n0, k, alpha, a, lda, b, ldb, beta, c, ldc); };
  } else {
    const int64_t k0 = k / 2;
    const T* a1 = ta ? a + k0 * lda : a + k0;
    const T* b1 = tb ? b + k0 : b + k0 * ldb;
    scratch.resize(static_cast<size_t>(m * n));
    T* part = scratch.data();
    h->job = [=] { GemmCall<T>(ta, tb, m, n, k - k0, alpha, a1, lda, b1, ldb, 0.0, part, n); };
    mine = [=] { GemmCall<T>(ta, tb, m, n, k0, alpha, a, lda, b, ldb, beta, c, ldc); };
  }
  const uint64_t ticket = h->finished.load(std::memory_order_acquire) + 1;
  Bump(h, h->posted);
  mine();
  AwaitCount(h, h->finished, ticket);
  if (!scratch.empty()) {
    for (int64_t i = 0; i < m; i++) {
      T* ci = c + i * ldc;
      const T* pi = scratch.data() + i * n;
      for (int64_t j = 0; j < n; j++) ci[j] += pi[j];
    }
  }
  return true;
}

bool Fail(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, "tensorly-ts native: " + message).ThrowAsJavaScriptException();
  return false;
}

// Reads argument `i` as a non-negative integer.
bool Int(const Napi::CallbackInfo& info, size_t i, int64_t* out) {
  if (i >= info.Length() || !info[i].IsNumber()) return Fail(info.Env(), "argument " + std::to_string(i) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v > 2147483647.0 || v != static_cast<double>(static_cast<int64_t>(v)))
    return Fail(info.Env(), "argument " + std::to_string(i) + " must be a non-negative 32-bit integer");
  *out = static_cast<int64_t>(v);
  return true;
}

bool Num(const Napi::CallbackInfo& info, size_t i, double* out) {
  if (i >= info.Length() || !info[i].IsNumber()) return Fail(info.Env(), "argument " + std::to_string(i) + " must be a number");
  *out = info[i].As<Napi::Number>().DoubleValue();
  return true;
}

// A typed array of element type T (double, float or int32) at argument `i`: its data pointer and length.
template <typename T>
bool Array(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type type, T** data, int64_t* length) {
  if (i >= info.Length() || !info[i].IsTypedArray()) return Fail(info.Env(), "argument " + std::to_string(i) + " must be a typed array");
  Napi::TypedArray ta = info[i].As<Napi::TypedArray>();
  if (ta.TypedArrayType() != type) return Fail(info.Env(), "argument " + std::to_string(i) + " has the wrong element type");
  *data = reinterpret_cast<T*>(static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset());
  *length = static_cast<int64_t>(ta.ElementLength());
  return true;
}

// Checks that a (rows x cols) block with leading dimension ld, starting at offset, lies inside an array of
// `length` elements (rows are the strided dimension).
bool Inside(Napi::Env env, const char* what, int64_t offset, int64_t rows, int64_t cols, int64_t ld, int64_t length) {
  if (rows == 0 || cols == 0) return true;
  if (ld < cols) return Fail(env, std::string(what) + ": leading dimension smaller than the block");
  if (offset + (rows - 1) * ld + cols > length) return Fail(env, std::string(what) + ": block runs past the end of its array");
  return true;
}

// gemm(transA, transB, m, n, k, alpha, A, offA, lda, B, offB, ldb, beta, C, offC, ldc): row-major
// C = alpha op(A) op(B) + beta C. T is double (dgemm) or float (sgemm).
template <typename T>
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const napi_typedarray_type type = sizeof(T) == 8 ? napi_float64_array : napi_float32_array;
  bool ta = info[0].ToBoolean(), tb = info[1].ToBoolean();
  int64_t m, n, k, offA, lda, offB, ldb, offC, ldc, lenA, lenB, lenC;
  double alpha, beta;
  T *a, *b, *c;
  if (!Int(info, 2, &m) || !Int(info, 3, &n) || !Int(info, 4, &k) || !Num(info, 5, &alpha) ||
      !Array(info, 6, type, &a, &lenA) || !Int(info, 7, &offA) || !Int(info, 8, &lda) ||
      !Array(info, 9, type, &b, &lenB) || !Int(info, 10, &offB) || !Int(info, 11, &ldb) ||
      !Num(info, 12, &beta) || !Array(info, 13, type, &c, &lenC) || !Int(info, 14, &offC) || !Int(info, 15, &ldc))
    return env.Undefined();
  if (!Inside(env, "gemm A", offA, ta ? k : m, ta ? m : k, lda, lenA) ||
      !Inside(env, "gemm B", offB, tb ? n : k, tb ? k : n, ldb, lenB) || !Inside(env, "gemm C", offC, m, n, ldc, lenC))
    return env.Undefined();
  if (m == 0 || n == 0) return env.Undefined();
  // BLAS requires ld >= 1 even for empty blocks.
  if (lda == 0) lda = 1;
  if (ldb == 0) ldb = 1;
  if (g_max_threads == 0) g_max_threads = g_current_threads = openblas_get_num_threads();
  if (k > 0 && (n == 1 || m == 1) && static_cast<double>(m) * n * k < 1e6) {
    // A matrix-vector product: OpenBLAS's dgemm packs for it as for any product (14 us for 100 x 100 here),
    // its dgemv does not (about 3 us).
    UseThreads(false);
    Gemv<T>(ta, tb, m, n, k, alpha, a + offA, lda, b + offB, ldb, beta, c + offC, ldc);
    return env.Undefined();
  }
  if (k > 0 && g_max_threads >= 2 && Skinny(m, n, k) &&
      SplitGemm<T>(ta, tb, m, n, k, alpha, a + offA, lda, b + offB, ldb, beta, c + offC, ldc))
    return env.Undefined();
  UseThreads(Big(m, n, k));
  GemmCall<T>(ta, tb, m, n, k, alpha, a + offA, lda, b + offB, ldb, beta, c + offC, ldc);
  return env.Undefined();
}

#define ARGS_OR_RETURN(cond) \
  if (!(cond)) return env.Undefined()

// gesdd(jobz, m, n, A, s, U, ldu, VT, ldvt) column-major; jobz 'A', 'S' or 'N' (U and VT ignored for 'N').
Napi::Value Gesdd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string jobz = info[0].ToString();
  int64_t m, n, ldu = 1, ldvt = 1, lenA, lenS, lenU = 0, lenVT = 0;
  double *a, *s, *u = nullptr, *vt = nullptr;
  ARGS_OR_RETURN(Int(info, 1, &m) && Int(info, 2, &n) && Array(info, 3, napi_float64_array, &a, &lenA) &&
                 Array(info, 4, napi_float64_array, &s, &lenS));
  if (jobz != "A" && jobz != "S" && jobz != "N") return Fail(env, "gesdd: jobz must be 'A', 'S' or 'N'"), env.Undefined();
  const int64_t mn = m < n ? m : n;
  if (lenA < m * n || lenS < mn) return Fail(env, "gesdd: arrays too small"), env.Undefined();
  if (jobz != "N") {
    ARGS_OR_RETURN(Array(info, 5, napi_float64_array, &u, &lenU) && Int(info, 6, &ldu) &&
                   Array(info, 7, napi_float64_array, &vt, &lenVT) && Int(info, 8, &ldvt));
    const int64_t ucols = jobz == "A" ? m : mn, vtrows = jobz == "A" ? n : mn;
    if (ldu < (m > 1 ? m : 1) || ldvt < (vtrows > 1 ? vtrows : 1) || lenU < ldu * ucols || lenVT < ldvt * n)
      return Fail(env, "gesdd: U or VT too small"), env.Undefined();
  }
  UseThreads(Big(m, n, m < n ? m : n));
  lapack_int r = LAPACKE_dgesdd(LAPACK_COL_MAJOR, jobz[0], m, n, a, m > 1 ? m : 1, s, u, ldu, vt, ldvt);
  return Napi::Number::New(env, r);
}

// gesvd(jobu, jobvt, m, n, A, s, U, ldu, VT, ldvt) column-major; jobu/jobvt 'S' or 'N' (an 'N' side's
// array and leading dimension are ignored but must be passed). Used for one-sided SVDs.
Napi::Value Gesvd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string jobu = info[0].ToString(), jobvt = info[1].ToString();
  int64_t m, n, ldu, ldvt, lenA, lenS, lenU, lenVT;
  double *a, *s, *u, *vt;
  ARGS_OR_RETURN(Int(info, 2, &m) && Int(info, 3, &n) && Array(info, 4, napi_float64_array, &a, &lenA) &&
                 Array(info, 5, napi_float64_array, &s, &lenS) && Array(info, 6, napi_float64_array, &u, &lenU) &&
                 Int(info, 7, &ldu) && Array(info, 8, napi_float64_array, &vt, &lenVT) && Int(info, 9, &ldvt));
  if ((jobu != "S" && jobu != "N") || (jobvt != "S" && jobvt != "N"))
    return Fail(env, "gesvd: jobu and jobvt must be 'S' or 'N'"), env.Undefined();
  const int64_t mn = m < n ? m : n;
  if (lenA < m * n || lenS < mn) return Fail(env, "gesvd: arrays too small"), env.Undefined();
  if (jobu == "S" && (ldu < (m > 1 ? m : 1) || lenU < ldu * mn)) return Fail(env, "gesvd: U too small"), env.Undefined();
  if (jobvt == "S" && (ldvt < (mn > 1 ? mn : 1) || lenVT < ldvt * n))
    return Fail(env, "gesvd: VT too small"), env.Undefined();
  if (jobu == "N") ldu = 1;
  if (jobvt == "N") ldvt = 1;
  std::vector<double> superb(mn > 1 ? mn - 1 : 1);
  UseThreads(Big(m, n, m < n ? m : n));
  lapack_int r = LAPACKE_dgesvd(LAPACK_COL_MAJOR, jobu[0], jobvt[0], m, n, a, m > 1 ? m : 1, s, u, ldu, vt, ldvt,
                                superb.data());
  return Napi::Number::New(env, r);
}

// syevd(jobz, uplo, n, A, w) column-major, triangle `uplo` read; jobz 'V' leaves eigenvectors in A.
Napi::Value Syevd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string jobz = info[0].ToString(), uplo = info[1].ToString();
  int64_t n, lenA, lenW;
  double *a, *w;
  ARGS_OR_RETURN(Int(info, 2, &n) && Array(info, 3, napi_float64_array, &a, &lenA) &&
                 Array(info, 4, napi_float64_array, &w, &lenW));
  if ((jobz != "V" && jobz != "N") || (uplo != "U" && uplo != "L"))
    return Fail(env, "syevd: jobz must be 'V' or 'N', uplo 'U' or 'L'"), env.Undefined();
  if (lenA < n * n || lenW < n) return Fail(env, "syevd: arrays too small"), env.Undefined();
  UseThreads(Big(n, n, n));
  lapack_int r = LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz[0], uplo[0], n, a, n > 1 ? n : 1, w);
  return Napi::Number::New(env, r);
}

// geqrf(m, n, A, tau) then, with orgqr(m, ncols, k, A, tau), the explicit Q; column-major, lda = m.
Napi::Value Geqrf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t m, n, lenA, lenT;
  double *a, *tau;
  ARGS_OR_RETURN(Int(info, 0, &m) && Int(info, 1, &n) && Array(info, 2, napi_float64_array, &a, &lenA) &&
                 Array(info, 3, napi_float64_array, &tau, &lenT));
  if (lenA < m * n || lenT < (m < n ? m : n)) return Fail(env, "geqrf: arrays too small"), env.Undefined();
  UseThreads(Big(m, n, m < n ? m : n));
  return Napi::Number::New(env, LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, m > 1 ? m : 1, tau));
}

Napi::Value Orgqr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t m, n, k, lenA, lenT;
  double *a, *tau;
  ARGS_OR_RETURN(Int(info, 0, &m) && Int(info, 1, &n) && Int(info, 2, &k) &&
                 Array(info, 3, napi_float64_array, &a, &lenA) && Array(info, 4, napi_float64_array, &tau, &lenT));
  if (n > m || k > n || lenA < m * n || lenT < k) return Fail(env, "orgqr: bad sizes"), env.Undefined();
  UseThreads(Big(m, n, k));
  return Napi::Number::New(env, LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, n, k, a, m > 1 ? m : 1, tau));
}

// gesv(n, nrhs, A, ipiv, B) column-major: A X = B, X left in B.
Napi::Value Gesv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t n, nrhs, lenA, lenP, lenB;
  double *a, *b;
  int32_t* ipiv;
  ARGS_OR_RETURN(Int(info, 0, &n) && Int(info, 1, &nrhs) && Array(info, 2, napi_float64_array, &a, &lenA) &&
                 Array(info, 3, napi_int32_array, &ipiv, &lenP) && Array(info, 4, napi_float64_array, &b, &lenB));
  if (lenA < n * n || lenP < n || lenB < n * nrhs) return Fail(env, "gesv: arrays too small"), env.Undefined();
  const lapack_int ld = n > 1 ? n : 1;
  UseThreads(Big(n, n, n > nrhs ? n : nrhs));
  return Napi::Number::New(env, LAPACKE_dgesv(LAPACK_COL_MAJOR, n, nrhs, a, ld, ipiv, b, ld));
}

// Reads (n, nrhs, LU, ipiv, B) from argument `first` on, for the routines that solve with getrf's factors:
// checks the sizes and that ipiv is a pivot vector (1-based rows within range).
bool PivotedSystem(const Napi::CallbackInfo& info, size_t first, const char* name, int64_t* n, int64_t* nrhs,
                   double** a, int32_t** ipiv, double** b) {
  int64_t lenA, lenP, lenB;
  if (!Int(info, first, n) || !Int(info, first + 1, nrhs) || !Array(info, first + 2, napi_float64_array, a, &lenA) ||
      !Array(info, first + 3, napi_int32_array, ipiv, &lenP) || !Array(info, first + 4, napi_float64_array, b, &lenB))
    return false;
  if (lenA < *n * *n || lenP < *n || lenB < *n * *nrhs) return Fail(info.Env(), std::string(name) + ": arrays too small");
  for (int64_t i = 0; i < *n; i++)
    if ((*ipiv)[i] < 1 || (*ipiv)[i] > *n)
      return Fail(info.Env(), std::string(name) + ": ipiv is not a pivot vector from getrf");
  return true;
}

// getrs(trans, n, nrhs, LU, ipiv, B) column-major: solves with getrf's factors (trans 'N' or 'T').
Napi::Value Getrs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string trans = info[0].ToString();
  int64_t n, nrhs;
  double *a, *b;
  int32_t* ipiv;
  if (trans != "N" && trans != "T") return Fail(env, "getrs: trans must be 'N' or 'T'"), env.Undefined();
  ARGS_OR_RETURN(PivotedSystem(info, 1, "getrs", &n, &nrhs, &a, &ipiv, &b));
  const lapack_int ld = n > 1 ? n : 1;
  UseThreads(Big(n, n, nrhs));
  return Napi::Number::New(env, LAPACKE_dgetrs(LAPACK_COL_MAJOR, trans[0], n, nrhs, a, ld, ipiv, b, ld));
}

// solveRows(n, nrhs, LU, ipiv, X): solves A·X = B in place in the row-major (n, nrhs) X (B on entry), where
// LU and ipiv are getrf's factorisation of the row-major A as it lies, that is of the column-major Aᵀ = P·L·U.
// The row-major X is the column-major Xᵀ (nrhs, n), and Xᵀ·Aᵀ = Bᵀ, so Xᵀ = Bᵀ·U⁻¹·L⁻¹·Pᵀ: two right-side
// triangular solves on the memory as it lies, then P's interchanges, in reverse, as swaps of rows of X.
// No transposition of B or X (getrs would need both for a row-major right-hand side).
Napi::Value SolveRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t n, nrhs;
  double *a, *x;
  int32_t* ipiv;
  ARGS_OR_RETURN(PivotedSystem(info, 0, "solveRows", &n, &nrhs, &a, &ipiv, &x));
  if (n == 0 || nrhs == 0) return env.Undefined();
  UseThreads(Big(n, n, nrhs));
  cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, nrhs, n, 1.0, a, n, x, nrhs);
  cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasUnit, nrhs, n, 1.0, a, n, x, nrhs);
  for (int64_t i = n - 1; i >= 0; i--) {
    const int64_t p = ipiv[i] - 1;
    if (p != i) std::swap_ranges(x + i * nrhs, x + (i + 1) * nrhs, x + p * nrhs);
  }
  return env.Undefined();
}

// gelsd(m, n, nrhs, A, B, ldb, s, rcond) column-major: minimum-norm least squares, X left in B's first n
// rows. Returns [info, rank].
Napi::Value Gelsd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t m, n, nrhs, ldb, lenA, lenB, lenS;
  double *a, *b, *s, rcond;
  ARGS_OR_RETURN(Int(info, 0, &m) && Int(info, 1, &n) && Int(info, 2, &nrhs) &&
                 Array(info, 3, napi_float64_array, &a, &lenA) && Array(info, 4, napi_float64_array, &b, &lenB) &&
                 Int(info, 5, &ldb) && Array(info, 6, napi_float64_array, &s, &lenS) && Num(info, 7, &rcond));
  const int64_t mx = m > n ? m : n;
  if (ldb < (mx > 1 ? mx : 1) || lenA < m * n || lenB < ldb * nrhs || lenS < (m < n ? m : n))
    return Fail(env, "gelsd: arrays too small"), env.Undefined();
  lapack_int rank = 0;
  UseThreads(Big(m, n, m < n ? m : n));
  lapack_int r = LAPACKE_dgelsd(LAPACK_COL_MAJOR, m, n, nrhs, a, m > 1 ? m : 1, b, ldb, s, rcond, &rank);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, r));
  out.Set(1u, Napi::Number::New(env, rank));
  return out;
}

// potrf(uplo, n, A) column-major Cholesky in place.
Napi::Value Potrf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string uplo = info[0].ToString();
  int64_t n, lenA;
  double* a;
  ARGS_OR_RETURN(Int(info, 1, &n) && Array(info, 2, napi_float64_array, &a, &lenA));
  if ((uplo != "U" && uplo != "L") || lenA < n * n) return Fail(env, "potrf: bad arguments"), env.Undefined();
  UseThreads(Big(n, n, n));
  return Napi::Number::New(env, LAPACKE_dpotrf(LAPACK_COL_MAJOR, uplo[0], n, a, n > 1 ? n : 1));
}

// getrf(n, A, ipiv) then getri(n, A, ipiv): the LU factors in place, then the inverse from them; column-major.
// Both take (n, A, ipiv) and differ only in the routine called.
template <typename Routine>
Napi::Value SquareWithPivots(const Napi::CallbackInfo& info, const char* name, Routine routine) {
  Napi::Env env = info.Env();
  int64_t n, lenA, lenP;
  double* a;
  int32_t* ipiv;
  ARGS_OR_RETURN(Int(info, 0, &n) && Array(info, 1, napi_float64_array, &a, &lenA) &&
                 Array(info, 2, napi_int32_array, &ipiv, &lenP));
  if (lenA < n * n || lenP < n) return Fail(env, std::string(name) + ": arrays too small"), env.Undefined();
  UseThreads(Big(n, n, n));
  return Napi::Number::New(env, routine(n, a, n > 1 ? n : 1, ipiv));
}

Napi::Value Getrf(const Napi::CallbackInfo& info) {
  return SquareWithPivots(info, "getrf", [](lapack_int n, double* a, lapack_int ld, lapack_int* ipiv) {
    return LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, a, ld, ipiv);
  });
}

Napi::Value Getri(const Napi::CallbackInfo& info) {
  return SquareWithPivots(info, "getri", [](lapack_int n, double* a, lapack_int ld, lapack_int* ipiv) {
    return LAPACKE_dgetri(LAPACK_COL_MAJOR, n, a, ld, ipiv);
  });
}

// Output memory for large results, recycled. A fresh multi-megabyte buffer costs a page fault per 4 KiB on
// first write (about 2.5 ms for the 8 MB result of a 1024 x 1024 product here, an eighth of the product);
// NumPy avoids most of it because its allocator hands freed blocks straight back. Buffers made here are
// external ArrayBuffers whose finalizer (run after the garbage collector has dropped the buffer) returns
// the block to a pool instead of freeing it, so a loop that makes same-sized results reuses memory that is
// already mapped. Blocks are page multiples; a request takes the smallest pooled block that fits and is at
// most a quarter larger; the pool keeps at most kPoolBytes, beyond which blocks are freed.
constexpr size_t kPoolBytes = size_t{256} << 20;
std::mutex g_pool_mutex;
std::multimap<size_t, void*>* g_pool = new std::multimap<size_t, void*>();  // never destroyed
size_t g_pool_bytes = 0;

void* PoolTake(size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(g_pool_mutex);
    auto it = g_pool->lower_bound(bytes);
    if (it != g_pool->end() && it->first <= bytes + bytes / 4) {
      void* p = it->second;
      g_pool_bytes -= it->first;
      g_pool->erase(it);
      return p;
    }
  }
  return std::aligned_alloc(4096, bytes);
}

void PoolGive(void* p, size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(g_pool_mutex);
    if (g_pool_bytes + bytes <= kPoolBytes) {
      g_pool->emplace(bytes, p);
      g_pool_bytes += bytes;
      return;
    }
  }
  std::free(p);
}

// allocF64(length): a Float64Array of `length` uninitialised elements in pooled memory.
// The buffer is made through V8 itself rather than napi_create_external_arraybuffer: Node-API runs that
// finalizer from the event loop, so a synchronous loop (an iterative decomposition, a benchmark) would never
// see its buffers come back, while V8 calls a backing store's deleter as soon as it frees it (from any
// thread: the pool takes a lock).
Napi::Value AllocF64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t length;
  if (!Int(info, 0, &length) || length == 0) return env.Undefined();
  const size_t used = static_cast<size_t>(length) * sizeof(double);
  const size_t bytes = (used + 4095) & ~size_t{4095};
  void* p = PoolTake(bytes);
  if (p == nullptr) return Fail(env, "alloc: out of memory"), env.Undefined();
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      p, used, [](void* data, size_t, void* hint) { PoolGive(data, reinterpret_cast<size_t>(hint)); },
      reinterpret_cast<void*>(bytes));
  v8::Local<v8::ArrayBuffer> ab = v8::ArrayBuffer::New(isolate, std::move(store));
  v8::Local<v8::Value> view = v8::Float64Array::New(ab, 0, static_cast<size_t>(length));
  // A napi_value is a v8::Local<v8::Value> (Node-API's own conversion is this cast).
  napi_value result;
  static_assert(sizeof(result) == sizeof(view), "napi_value and v8::Local differ in size");
  std::memcpy(&result, &view, sizeof(result));
  return Napi::Value(env, result);
}

// khatriRao2(A, I, B, J, R, out): the Khatri–Rao product of row-major A (I, R) and B (J, R) into row-major out
// (I·J, R): out[(i·J + j)·R + r] = A[i·R + r]·B[j·R + r]. The loop the compiler vectorises; in JavaScript it
// runs at about a nanosecond an element (CP-ALS on 100³ forms one of 10⁵ elements per sweep).
Napi::Value KhatriRao2(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t I, J, R, lenA, lenB, lenO;
  double *a, *b, *out;
  ARGS_OR_RETURN(Array(info, 0, napi_float64_array, &a, &lenA) && Int(info, 1, &I) &&
                 Array(info, 2, napi_float64_array, &b, &lenB) && Int(info, 3, &J) && Int(info, 4, &R) &&
                 Array(info, 5, napi_float64_array, &out, &lenO));
  if (lenA < I * R || lenB < J * R || lenO < I * J * R) return Fail(env, "khatriRao2: arrays too small"), env.Undefined();
  for (int64_t i = 0; i < I; i++) {
    const double* ai = a + i * R;
    double* oi = out + i * J * R;
    for (int64_t j = 0; j < J; j++) {
      const double* bj = b + j * R;
      double* o = oi + j * R;
      for (int64_t r = 0; r < R; r++) o[r] = ai[r] * bj[r];
    }
  }
  return env.Undefined();
}

Napi::Value NumThreads(const Napi::CallbackInfo& info) {
  UseThreads(true);
  return Napi::Number::New(info.Env(), g_max_threads);
}

// setNumThreads(n): the most threads OpenBLAS may use from now on (n >= 1).
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  int64_t n;
  if (!Int(info, 0, &n) || n < 1) return info.Env().Undefined();
  openblas_set_num_threads(static_cast<int>(n));
  g_max_threads = g_current_threads = static_cast<int>(n);
  return info.Env().Undefined();
}

Napi::Value Config(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), openblas_get_config());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("dgemm", Napi::Function::New(env, Gemm<double>, "dgemm"));
  exports.Set("sgemm", Napi::Function::New(env, Gemm<float>, "sgemm"));
  exports.Set("gesdd", Napi::Function::New(env, Gesdd, "gesdd"));
  exports.Set("gesvd", Napi::Function::New(env, Gesvd, "gesvd"));
  exports.Set("syevd", Napi::Function::New(env, Syevd, "syevd"));
  exports.Set("geqrf", Napi::Function::New(env, Geqrf, "geqrf"));
  exports.Set("orgqr", Napi::Function::New(env, Orgqr, "orgqr"));
  exports.Set("gesv", Napi::Function::New(env, Gesv, "gesv"));
  exports.Set("solveRows", Napi::Function::New(env, SolveRows, "solveRows"));
  exports.Set("gelsd", Napi::Function::New(env, Gelsd, "gelsd"));
  exports.Set("potrf", Napi::Function::New(env, Potrf, "potrf"));
  exports.Set("getrf", Napi::Function::New(env, Getrf, "getrf"));
  exports.Set("getrs", Napi::Function::New(env, Getrs, "getrs"));
  exports.Set("getri", Napi::Function::New(env, Getri, "getri"));
  exports.Set("allocF64", Napi::Function::New(env, AllocF64, "allocF64"));
  exports.Set("khatriRao2", Napi::Function::New(env, KhatriRao2, "khatriRao2"));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads, "numThreads"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("config", Napi::Function::New(env, Config, "config"));
  return exports;
}

}  // namespace

NODE_API_MODULE(tensorly_native, Init)
