//! Pure statistics for comparing groups of documents: keyness of a term in a
//! target group against a reference (signed log-likelihood G², Pearson's
//! chi², Log Ratio, p-value), which 2×2 tables can be tested at all,
//! Benjamini–Hochberg adjustment, Wilson score intervals and the
//! two-proportion z-test for theme shares, and Lafon's hypergeometric
//! specificities. Counts are `u64`, results `f64`; nothing here reads files
//! or prints. Every function is total: degenerate or invalid inputs give a
//! documented neutral value (statistic 0, p-value 1), never a panic, NaN or
//! infinity (except where a NaN is passed in). The numerics (erfc,
//! hypergeometric log-pmf) are written here rather than taken from a crate
//! because only two special functions are needed and both must stay
//! accurate in extreme tails; the formulas and references are in
//! `docs/statistics.md`.
//!
//! ```
//! use parole::stats::{keyness, specificity};
//!
//! // 10 of 1 000 tokens in the target group, 20 of 4 000 in the reference.
//! let k = keyness(10, 20, 1000, 4000);
//! assert_eq!(k.expected, 6.0);
//! assert_eq!(k.log_ratio, 1.0); // twice as frequent
//! assert!(k.g2 > 0.0 && k.p_value > 0.05);
//!
//! // Lafon: 3 of the 4 occurrences fall in a group holding half the corpus.
//! let s = specificity(3, 4, 5, 10);
//! assert!((s - -(66.0_f64 / 252.0).log10()).abs() < 1e-12);
//! ```

use std::f64::consts::{LN_10, PI};

/// z for a two-sided 95 % interval: the 0.975 quantile of the standard normal.
const Z_95: f64 = 1.959963984540054;

/// Whether the 2×2 table of `x1` successes out of `n1` against `x2` out of
/// `n2` (a term's count and a group's tokens, or a theme's passages and a
/// group's passages) can be tested: the counts are valid (`x ≤ n`) and no
/// margin is 0 (`n1`, `n2`, `x1 + x2` and the failures `n1 + n2 − x1 − x2`
/// are all positive).
///
/// Given its margins, a table with an empty one is the only possible table:
/// no test can find a difference, and [`keyness`] and
/// [`two_proportion_test`] give p = 1 by convention. Such rows are not
/// hypotheses: they are left out of the `m` of [`benjamini_hochberg`] (pass
/// NaN), so that an empty period or a theme no group mentions does not
/// change the adjusted p-values of the others.
///
/// ```
/// use parole::stats::testable;
/// assert!(testable(3, 10, 5, 20));
/// assert!(!testable(0, 0, 5, 20)); // an empty group
/// assert!(!testable(0, 10, 0, 20)); // nobody has it
/// assert!(!testable(10, 10, 20, 20)); // everybody has it
/// ```
pub fn testable(x1: u64, n1: u64, x2: u64, n2: u64) -> bool {
    let x = u128::from(x1) + u128::from(x2);
    let n = u128::from(n1) + u128::from(n2);
    x1 <= n1 && x2 <= n2 && n1 > 0 && n2 > 0 && x > 0 && x < n
}

/// Keyness of one term in a target group against a reference group, from the
/// 2×2 table (term, other tokens) × (target, reference).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Occurrences of the term in the target group: `a`.
    pub observed: u64,
    /// Occurrences expected in the target group under independence: `E1 = c·(a+b)/(c+d)`.
    pub expected: f64,
    /// Log-likelihood `G² = 2·Σ O·ln(O/E)` over the four cells, negative when `a < E1`.
    pub g2: f64,
    /// Pearson's `χ² = Σ (O−E)²/E` over the four cells (no continuity correction), negative when `a < E1`.
    pub chi2: f64,
    /// Log Ratio `log2((a/c)/(b/d))`: +1 = twice as frequent in the target. When
    /// `a` or `b` is 0, one occurrence is shared between them in proportion to
    /// the group sizes (`a + c/N`, `b + d/N`), which keeps the sign of `a/c − b/d`.
    pub log_ratio: f64,
    /// Upper tail of χ² with 1 degree of freedom at `|G²|`: `erfc(√(|G²|/2))`.
    pub p_value: f64,
    /// Whether the table can be tested at all ([`testable`]`(a, c, b, d)`);
    /// when not, `p_value` is 1 by convention.
    pub testable: bool,
}

/// Keyness of a term counted `a` times in a target group of `c` tokens and `b`
/// times in a reference of `d` tokens: `G² = 2·Σ_{4 cells} O·ln(O/E)` with
/// `E1 = c·(a+b)/(c+d)`, `E2 = d·(a+b)/(c+d)`, signed by `a − E1`.
///
/// G² and χ² use all four cells of the 2×2 table (the term and all other
/// tokens, in each group), which is the log-likelihood ratio statistic of the
/// table (Dunning 1993); the two-cell sum of Rayson & Garside (2000) drops the
/// "other tokens" cells and is only an approximation of it. G² is computed as
/// `2·Σ [O·ln(O/E) − O + E]`, equal because `ΣO = ΣE`, whose terms are all
/// non-negative, so that large corpora lose no precision to cancellation.
/// The Log Ratio has the sign of `a/c − b/d`, as G² has; it is 0 for a term
/// absent from both groups or equally frequent in both. An empty group
/// (`c == 0` or `d == 0`) or a count above its total (`a > c`, `b > d`) gives
/// `g2 = chi2 = log_ratio = 0` and `p_value = 1`.
pub fn keyness(a: u64, b: u64, c: u64, d: u64) -> Keyness {
    let n = u128::from(c) + u128::from(d);
    let row = u128::from(a) + u128::from(b);
    let expected = if n == 0 {
        0.0
    } else {
        c as f64 * row as f64 / n as f64
    };
    let testable = testable(a, c, b, d);
    let neutral = Keyness {
        observed: a,
        expected,
        g2: 0.0,
        chi2: 0.0,
        log_ratio: 0.0,
        p_value: 1.0,
        testable,
    };
    if c == 0 || d == 0 || a > c || b > d {
        return neutral;
    }
    // a/c − b/d has the sign of ad − bc, exact in integers.
    let ad = u128::from(a) * u128::from(d);
    let bc = u128::from(b) * u128::from(c);
    if ad == bc {
        // The same relative frequency in both groups (or none at all): no
        // difference, and G² exactly 0 rather than a rounding residue.
        return neutral;
    }
    // Neither margin of the term row is 0 now: a term absent from both
    // groups, or making up both, has ad == bc.
    let rest = n - row;
    let (nf, rowf, restf, cf, df) = (n as f64, row as f64, rest as f64, c as f64, d as f64);
    let cells = [
        (a as f64, cf * rowf / nf),
        (b as f64, df * rowf / nf),
        ((c - a) as f64, cf * restf / nf),
        ((d - b) as f64, df * restf / nf),
    ];
    let g2: f64 = 2.0 * cells.iter().map(|&(o, e)| bd0(o, e)).sum::<f64>();
    // χ² = N·(ad − bc)² / ((a+b)·(N−a−b)·c·d), with ad − bc exact in integers.
    let diff = ad.abs_diff(bc) as f64;
    let chi2 = nf * diff * diff / (rowf * restf * cf * df);
    let sign = if ad < bc { -1.0 } else { 1.0 };
    Keyness {
        observed: a,
        expected,
        g2: sign * g2,
        chi2: sign * chi2,
        log_ratio: log_ratio(a, b, c, d),
        p_value: chi2_p_value_df1(g2),
        testable,
    }
}

/// Log Ratio `log2((a/c)/(b/d))` for valid counts (`c, d > 0`, `a ≤ c`,
/// `b ≤ d`). When `a` or `b` is 0, one occurrence is added to the term's
/// row, shared in proportion to the group sizes: `a' = a + c/N`,
/// `b' = b + d/N`. Then `a'/c − b'/d = a/c − b/d`, so the value is finite
/// and has the sign of the observed difference however unequal the groups
/// are (adding 0.5 to the zero count alone said "over-used" for a term a
/// small group never uses). Counts without a zero keep the plain ratio.
fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let ad = u128::from(a) * u128::from(d);
    let bc = u128::from(b) * u128::from(c);
    if ad == bc {
        return 0.0;
    }
    let (af, bf, cf, df) = (a as f64, b as f64, c as f64, d as f64);
    let ratio = if a == 0 || b == 0 {
        // (a/c + 1/N) / (b/d + 1/N), multiplied out.
        let nf = cf + df;
        (af * nf + cf) * df / ((bf * nf + df) * cf)
    } else {
        (af * df) / (bf * cf)
    };
    // The sign comes from the exact comparison: near 1, rounding could
    // otherwise give a ratio on the wrong side.
    let magnitude = ratio.log2().abs();
    if ad > bc {
        magnitude
    } else {
        -magnitude
    }
}

/// Benjamini–Hochberg adjusted p-values, in input order:
/// `q_(i) = min_{j ≥ i} min(1, p_(j)·m/j)` for the p-values sorted ascending.
///
/// Step-up, monotone in `p`, capped at 1. A NaN p-value stays NaN and is not
/// counted in `m`: pass NaN for a row that is not [`testable`].
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    // Equal p-values get the same adjusted value whatever their order (that
    // of the last of them, the running minimum from the end), so they need
    // no order among them; an unstable sort handles their many repeats (the
    // keys a group lacks share p-values by their counts) in passes.
    order.sort_unstable_by(|&i, &j| p[i].total_cmp(&p[j]));
    step_up(p, &order)
}

/// The step-up of Benjamini–Hochberg: `p`'s adjusted values, given `order`,
/// the indices of its p-values that are not NaN in ascending order of
/// value (NaN elsewhere).
fn step_up(p: &[f64], order: &[usize]) -> Vec<f64> {
    let m = order.len() as f64;
    let mut adjusted = vec![f64::NAN; p.len()];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m / (rank + 1) as f64);
        adjusted[i] = running;
    }
    adjusted
}

/// 95 % Wilson score interval for a proportion `p̂ = x/n`:
/// `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, z = 1.959963984540054.
///
/// Clamped to [0, 1]; `n == 0` or `successes > n` gives (0, 1).
pub fn wilson_interval(successes: u64, n: u64) -> (f64, f64) {
    if n == 0 || successes > n {
        return (0.0, 1.0);
    }
    let nf = n as f64;
    let p = successes as f64 / nf;
    let z2 = Z_95 * Z_95;
    let denominator = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denominator;
    let half = Z_95 / denominator * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// Pooled two-proportion z-test: `z = (p1 − p2) / √(p̄(1−p̄)(1/n1 + 1/n2))`,
/// `p̄ = (x1+x2)/(n1+n2)`; returns `(z, 2·(1 − Φ(|z|)))`, or, when a cell
/// of the 2×2 table expects fewer than [`MIN_EXPECTED`] counts (`n·p̄` or
/// `n·(1−p̄)` for either group: Cochran's rule), where the normal
/// approximation fails (one passage against many: 0/1 against 12/13 gives
/// p = 0.011), `(z, p)` with `p` from [`fisher_exact`] (0.143).
///
/// z is positive when group 1 has the higher proportion. Degenerate inputs
/// (`n1 == 0`, `n2 == 0`, `p̄` equal to 0 or 1) and invalid ones (`x > n`),
/// the tables that are not [`testable`], give (0, 1).
pub fn two_proportion_test(x1: u64, n1: u64, x2: u64, n2: u64) -> (f64, f64) {
    if !testable(x1, n1, x2, n2) {
        return (0.0, 1.0);
    }
    let x = u128::from(x1) + u128::from(x2);
    let n = u128::from(n1) + u128::from(n2);
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = x as f64 / n as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let z = (x1 as f64 / n1f - x2 as f64 / n2f) / se;
    let fewest = n1f.min(n2f) * pooled.min(1.0 - pooled);
    if fewest < MIN_EXPECTED {
        return (z, fisher_exact(x1, n1, x2, n2));
    }
    (z, normal_two_sided_p(z))
}

/// The smallest expected count of a 2×2 table for which
/// [`two_proportion_test`] trusts the normal approximation.
pub const MIN_EXPECTED: f64 = 5.0;

/// Fisher's exact test of `x1/n1` against `x2/n2`, two-sided: the
/// probability, given the margins, of the tables at most as likely as the
/// one observed (`X ~ H(n1+n2, x1+x2, n1)`, summed over every `j` whose
/// probability is at most that of `x1`, within a relative 1e-7 for ties, as
/// R's `fisher.test` and SciPy's `fisher_exact`). Tables that are not
/// [`testable`] give 1.
pub fn fisher_exact(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    if !testable(x1, n1, x2, n2) {
        return 1.0;
    }
    let (total, f, t) = (n1 + n2, x1 + x2, n1);
    let low = (f + t).saturating_sub(total);
    let high = f.min(t);
    let observed = ln_hypergeometric_pmf(x1, f, t, total);
    let bound = observed + 1e-7_f64.ln_1p();
    let p: f64 = (low..=high)
        .map(|j| ln_hypergeometric_pmf(j, f, t, total))
        .filter(|&ln_p| ln_p <= bound)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

/// Lafon specificity: `−log10 P(X ≥ k)` when `k ≥ f·t/total`, else
/// `+log10 P(X ≤ k)`, for `X ~ H(total, f, t)` (hypergeometric: `t` tokens
/// drawn from `total`, of which `f` are the term).
///
/// Signed log10 probability: +3 means the group holds so many occurrences
/// that chance would give as many or more once in 1 000; −3, so few. The
/// tail is summed term by term from `k` outwards, scaled by the pmf at `k`
/// (computed in log space with Loader's saddle-point method, as R's
/// `dhyper`), and stops when the rest is below 1e-16 of the sum: fast for
/// corpora of millions of tokens, and finite however extreme the tail. When
/// only one count is possible (`f` or `t` is 0 or `total`) the result is 0.
/// Invalid inputs (`k > f`, `k > t`, `f > total`, `t > total`, or
/// `k < f + t − total`, an impossible count) also give 0.0.
pub fn specificity(k: u64, f: u64, t: u64, total: u64) -> f64 {
    if f > total || t > total || k > f || k > t {
        return 0.0;
    }
    let (k128, f128, t128, n128) = (
        u128::from(k),
        u128::from(f),
        u128::from(t),
        u128::from(total),
    );
    let low = (f128 + t128).saturating_sub(n128);
    let high = f.min(t);
    if k128 < low || low == u128::from(high) {
        return 0.0;
    }
    // Size of the "other" cell for j occurrences: total − f − t + j ≥ 0.
    let other = |j: u64| (u128::from(j) + n128 - f128 - t128) as f64;
    let over = k128 * n128 >= f128 * t128;
    // Sum of pmf(j)/pmf(k) over the tail; the ratio of consecutive terms
    // decreases away from the mode, so once it is below 1 the rest is at
    // most `term·ratio/(1 − ratio)`.
    let mut sum = 1.0_f64;
    let mut term = 1.0_f64;
    let mut j = k;
    loop {
        let ratio = if over {
            if j >= high {
                break;
            }
            let r = (f - j) as f64 * (t - j) as f64 / ((j + 1) as f64 * other(j + 1));
            j += 1;
            r
        } else {
            if u128::from(j) <= low {
                break;
            }
            let r = j as f64 * other(j) / ((f - j + 1) as f64 * (t - j + 1) as f64);
            j -= 1;
            r
        };
        term *= ratio;
        sum += term;
        if ratio < 1.0 && term * ratio <= (1.0 - ratio) * sum * 1e-16 {
            break;
        }
    }
    let ln_tail = (ln_hypergeometric_pmf(k, f, t, total) + sum.ln()).min(0.0);
    let log10_tail = ln_tail / LN_10;
    // `+ 0.0` turns a −0.0 into 0.0.
    (if over { -log10_tail } else { log10_tail }) + 0.0
}

/// Upper tail of the chi-square distribution with 1 degree of freedom:
/// `P(χ²₁ ≥ x) = erfc(√(x/2))`.
///
/// 1 for `x ≤ 0`; underflows to 0 beyond x ≈ 1 480; NaN in, NaN out.
pub fn chi2_p_value_df1(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    erfc((x / 2.0).sqrt())
}

/// Two-sided p-value of a standard normal statistic:
/// `P(|Z| ≥ |z|) = erfc(|z|/√2)`.
///
/// NaN in, NaN out.
pub fn normal_two_sided_p(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Complementary error function for `x ≥ 0`, as the regularised upper
/// incomplete gamma function `erfc(x) = Q(1/2, x²)`: a power series for
/// `x² < 3/2`, Lentz's continued fraction beyond (Numerical Recipes §6.2),
/// relative error about 1e-15 for moderate `x`, growing to about 3e-13 in
/// the far tail (`x` near 25, where `exp(-x²)` amplifies the rounding of `x²`).
fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    const A: f64 = 0.5;
    const LN_GAMMA_HALF: f64 = 0.572_364_942_924_700_1; // ln √π
    let y = x * x;
    if y == 0.0 {
        return 1.0;
    }
    let prefactor = (-y + A * y.ln() - LN_GAMMA_HALF).exp();
    if y < A + 1.0 {
        // P(a, y) = e^{−y} y^a / Γ(a) · Σ y^n / (a (a+1) … (a+n)).
        let mut ap = A;
        let mut term = 1.0 / A;
        let mut sum = term;
        for _ in 0..200 {
            ap += 1.0;
            term *= y / ap;
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        1.0 - sum * prefactor
    } else {
        const TINY: f64 = 1e-300;
        let mut b = y + 1.0 - A;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - A);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        prefactor * h
    }
}

/// `x·ln(x/m) + m − x` (the deviance term of Loader 2000), computed without
/// cancellation when x is close to m; 0·ln 0 = 0.
fn bd0(x: f64, m: f64) -> f64 {
    if x == 0.0 {
        return m;
    }
    if m == 0.0 {
        // Only reached with x == 0 for valid tables.
        return 0.0;
    }
    if (x - m).abs() < 0.1 * (x + m) {
        let mut v = (x - m) / (x + m);
        let mut s = (x - m) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let next = s + ej / f64::from(2 * j + 1);
            if next == s {
                return next;
            }
            s = next;
        }
        return s;
    }
    x * (x / m).ln() + m - x
}

/// `ln n! − ln(√(2πn)·(n/e)^n)`, the error of Stirling's formula (Loader 2000).
fn stirling_error(n: f64) -> f64 {
    // Exact values for n = 0..=15 (computed with 40-digit arithmetic).
    const TABLE: [f64; 16] = [
        0.0,
        0.081_061_466_795_327_26,
        0.041_340_695_955_409_3,
        0.027_677_925_684_998_34,
        0.020_790_672_103_765_093,
        0.016_644_691_189_821_193,
        0.013_876_128_823_070_748,
        0.011_896_709_945_891_77,
        0.010_411_265_261_972_096,
        0.009_255_462_182_712_733,
        0.008_330_563_433_362_87,
        0.007_573_675_487_951_841,
        0.006_942_840_107_209_53,
        0.006_408_994_188_004_207,
        0.005_951_370_112_758_847_5,
        0.005_554_733_551_962_801,
    ];
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        return TABLE[n as usize];
    }
    let nn = n * n;
    if n > 500.0 {
        (S0 - S1 / nn) / n
    } else if n > 80.0 {
        (S0 - (S1 - S2 / nn) / nn) / n
    } else if n > 35.0 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// ln of the binomial pmf `C(n, x)·p^x·q^(n−x)`, with `q = 1 − p` given
/// separately for precision (Loader's `dbinom_raw`).
fn ln_binomial_pmf(x: f64, n: f64, p: f64, q: f64) -> f64 {
    if p == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q == 0.0 {
        return if x == n { 0.0 } else { f64::NEG_INFINITY };
    }
    if x == 0.0 {
        if n == 0.0 {
            return 0.0;
        }
        return if p < 0.1 {
            -bd0(n, n * q) - n * p
        } else {
            n * q.ln()
        };
    }
    if x == n {
        return if q < 0.1 {
            -bd0(n, n * p) - n * q
        } else {
            n * p.ln()
        };
    }
    let lc = stirling_error(n)
        - stirling_error(x)
        - stirling_error(n - x)
        - bd0(x, n * p)
        - bd0(n - x, n * q);
    let lf = (2.0 * PI).ln() + x.ln() + (-x / n).ln_1p();
    lc - 0.5 * lf
}

/// ln P(X = k) for `X ~ H(total, f, t)`, through three binomial pmfs with
/// `p = t/total` (R's `dhyper`): `C(f,k)·C(total−f, t−k) / C(total, t)`.
/// Requires valid inputs, which its callers, [`specificity`] and
/// [`fisher_exact`], have checked.
fn ln_hypergeometric_pmf(k: u64, f: u64, t: u64, total: u64) -> f64 {
    let n = total as f64;
    let p = t as f64 / n;
    let q = (total - t) as f64 / n;
    let rest = (total - f) as f64;
    ln_binomial_pmf(k as f64, f as f64, p, q) + ln_binomial_pmf((t - k) as f64, rest, p, q)
        - ln_binomial_pmf(t as f64, n, p, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Repeated p-values, in any order, are adjusted as when equal
        /// values are ranked in input order: the order of equal values
        /// changes nothing.
        #[test]
        fn equal_p_values_need_no_order(
            picks in proptest::collection::vec(0usize..6, 0..60),
            nan in proptest::collection::vec(proptest::bool::weighted(0.1), 60),
        ) {
            let levels = [0.0, 1e-300, 0.001, 0.04, 0.5, 1.0];
            let p: Vec<f64> = picks
                .iter()
                .zip(&nan)
                .map(|(&k, &n)| if n { f64::NAN } else { levels[k] })
                .collect();
            let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
            order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
            let want = step_up(&p, &order);
            let got = benjamini_hochberg(&p);
            for (g, w) in got.iter().zip(&want) {
                proptest::prop_assert_eq!(g.to_bits(), w.to_bits());
            }
        }
    }

    /// |actual − expected| ≤ tol·max(1, |expected|).
    fn close(actual: f64, expected: f64, tol: f64) {
        let scale = expected.abs().max(1.0);
        assert!(
            (actual - expected).abs() <= tol * scale,
            "{actual} != {expected} (tolerance {tol})"
        );
    }

    /// Relative comparison, for values far below 1.
    fn close_rel(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol * expected.abs(),
            "{actual} != {expected} (relative tolerance {tol})"
        );
    }

    #[test]
    fn keyness_over_used_by_hand() {
        // a=10, b=20, c=1000, d=4000, N=5000.
        // E1 = 1000·30/5000 = 6, E2 = 4000·30/5000 = 24,
        // E3 = 1000·4970/5000 = 994, E4 = 4000·4970/5000 = 3976.
        // G² = 2·[10 ln(10/6) + 20 ln(20/24) + 990 ln(990/994) + 3980 ln(3980/3976)]
        //    = 2·[5.1082562 − 3.6464311 − 3.9919409 + 4.0020114] = 2.9437912143126710564
        // χ² = 4²/6 + 4²/24 + 4²/994 + 4²/3976 = 2.666667 + 0.666667 + 0.016097 + 0.004024
        //    = 5000·(10·4000 − 20·1000)² / (30·4970·1000·4000) = 3.3534540576794097921
        // log ratio = log2((10/1000)/(20/4000)) = log2(2) = 1.
        // p = erfc(√(2.9437912/2)) = 0.086208174512220499935.
        let k = keyness(10, 20, 1000, 4000);
        assert_eq!(k.observed, 10);
        assert_eq!(k.expected, 6.0);
        close_rel(k.g2, 2.943_791_214_312_671, 1e-9);
        close_rel(k.chi2, 3.353_454_057_679_41, 1e-9);
        assert_eq!(k.log_ratio, 1.0);
        close_rel(k.p_value, 0.086_208_174_512_220_5, 1e-9);
    }

    #[test]
    fn keyness_under_used_is_negative() {
        // a=2, b=40, c=1000, d=4000: E1 = 1000·42/5000 = 8.4 > 2, so signs are negative.
        // G² = 2·[2 ln(2/8.4) + 40 ln(40/33.6) + 998 ln(998/991.6) + 3960 ln(3960/3966.4)]
        //    = 8.2594835700736496455
        // χ² = 5000·(2·4000 − 40·1000)² / (42·4958·1000·4000) = 6.1468718185136095584
        // log ratio = log2((2/1000)/(40/4000)) = log2(0.2) = −2.321928.
        let k = keyness(2, 40, 1000, 4000);
        assert!((k.expected - 8.4).abs() < 1e-12);
        close_rel(k.g2, -8.259_483_570_073_65, 1e-9);
        close_rel(k.chi2, -6.146_871_818_513_61, 1e-9);
        close_rel(k.log_ratio, 0.2_f64.log2(), 1e-12);
        close_rel(k.p_value, 0.004_053_965_872_285_68, 1e-9);
    }

    #[test]
    fn keyness_zero_count_shares_one_occurrence_by_size() {
        // a=0, b=30: 0·ln 0 = 0, G² = 2·[30 ln(30/24) + 1000 ln(1000/994)
        //   + 3970 ln(3970/3976)] = 13.433816613863870524 (negative: 0 < E1 = 6);
        // log ratio with a' = 0 + 1000/5000 = 0.2, b' = 30 + 4000/5000 = 30.8:
        // log2((0.2/1000)/(30.8/4000)) = log2(2/77) = −5.266786540694901.
        let k = keyness(0, 30, 1000, 4000);
        close_rel(k.g2, -13.433_816_613_863_87, 1e-9);
        close_rel(k.chi2, -7.545_271_629_778_672, 1e-9);
        close_rel(k.log_ratio, -5.266_786_540_694_901, 1e-12);
        // Groups of equal size: 0.5 added to each count, log2(0.5/5.5).
        close_rel(
            keyness(0, 5, 1000, 1000).log_ratio,
            -(11.0_f64).log2(),
            1e-12,
        );
        close_rel(keyness(5, 0, 1000, 1000).log_ratio, 11.0_f64.log2(), 1e-12);
        // A small group without the term, against a large reference that has
        // it 5 times: under-used (0.5 added to the zero would say +5.44).
        // a' = 2300/10⁶, b' = 5 + 997700/10⁶: log2(997700/5997700).
        let k = keyness(0, 5, 2_300, 997_700);
        assert!(k.g2 < 0.0);
        close_rel(k.log_ratio, (997_700.0_f64 / 5_997_700.0).log2(), 1e-12);
        // Counts without a zero keep the plain ratio.
        assert_eq!(
            keyness(1, 5, 2_300, 997_700).log_ratio,
            (997_700.0_f64 / 11_500.0).log2()
        );
    }

    #[test]
    fn keyness_large_corpus_has_no_cancellation() {
        // 1001 vs 1000 per million: G² = 0.0005002506464906492676 (50-digit arithmetic);
        // the naive four-term sum in f64 gives 0.000500250868, wrong from the 7th digit.
        let k = keyness(1001, 1000, 1_000_000, 1_000_000);
        close_rel(k.g2, 0.000_500_250_646_490_649_3, 1e-9);
        close_rel(k.chi2, 0.000_500_250_625_688_532_6, 1e-9);
        // G² = 1645.55 → p = 9.2e-360 underflows to 0, still finite.
        let k = keyness(5000, 3000, 2_000_000, 3_000_000);
        close_rel(k.g2, 1_645.553_848_883_897_4, 1e-9);
        close_rel(k.chi2, 1_690.204_326_923_077, 1e-9);
        assert_eq!(k.p_value, 0.0);
    }

    #[test]
    fn keyness_degenerate_inputs_are_neutral() {
        for (a, b, c, d) in [(0, 0, 0, 0), (1, 0, 0, 10), (0, 1, 10, 0), (11, 0, 10, 10)] {
            let k = keyness(a, b, c, d);
            assert_eq!((k.g2, k.chi2, k.log_ratio, k.p_value), (0.0, 0.0, 0.0, 1.0));
        }
        // Absent term, or a term that is every token: nothing to compare.
        let k = keyness(0, 0, 100, 200);
        assert_eq!((k.g2, k.chi2, k.log_ratio, k.p_value), (0.0, 0.0, 0.0, 1.0));
        let k = keyness(100, 200, 100, 200);
        assert_eq!((k.g2, k.chi2, k.p_value), (0.0, 0.0, 1.0));
        // Same relative frequency: G² = 0 exactly up to rounding.
        let k = keyness(10, 40, 1000, 4000);
        assert!(k.g2.abs() < 1e-12 && k.chi2 == 0.0 && k.log_ratio == 0.0);
    }

    #[test]
    fn untestable_tables_are_the_neutral_ones() {
        // On a grid of small tables: a table that cannot be tested gives the
        // neutral values, and a testable one with a difference does not.
        for n1 in 0..6_u64 {
            for n2 in 0..6_u64 {
                for x1 in 0..=n1 + 1 {
                    for x2 in 0..=n2 + 1 {
                        let t = testable(x1, n1, x2, n2);
                        let k = keyness(x1, x2, n1, n2);
                        assert_eq!(k.testable, t, "{x1}/{n1} {x2}/{n2}");
                        let (z, p) = two_proportion_test(x1, n1, x2, n2);
                        if !t {
                            assert_eq!((z, p, k.g2, k.p_value), (0.0, 1.0, 0.0, 1.0));
                        } else if x1 * n2 != x2 * n1 {
                            // Tables this small take Fisher's exact test,
                            // which may find no difference at all (p = 1).
                            assert!(z != 0.0 && p <= 1.0 && k.g2 != 0.0 && k.p_value < 1.0);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        // Sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4), m = 4.
        // p·m/rank: 0.02, 0.02, 0.04, 0.04; running minimum from the top keeps them.
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
        for (got, want) in q.iter().zip([0.02, 0.04, 0.04, 0.02]) {
            close(*got, want, 1e-15);
        }
        // Step-up: 0.04·3/3 = 0.04 < 0.03·3/2 = 0.045, so the middle value takes 0.04.
        let q = benjamini_hochberg(&[0.01, 0.03, 0.04]);
        for (got, want) in q.iter().zip([0.03, 0.04, 0.04]) {
            close(*got, want, 1e-15);
        }
        // Capped at 1; NaN stays NaN and is not counted; empty in, empty out.
        let q = benjamini_hochberg(&[0.9, f64::NAN, 0.8]);
        assert_eq!(q[0], 0.9);
        assert!(q[1].is_nan());
        assert_eq!(q[2], 0.9);
        assert_eq!(benjamini_hochberg(&[0.7, 0.9, 0.8, 0.95]), [0.95; 4]);
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn wilson_by_hand() {
        // 8/10: p̂ = 0.8, z² = 3.841459, 1 + z²/n = 1.3841459,
        // centre = (0.8 + 0.1920729)/1.3841459 = 0.7167401,
        // half = 1.959964/1.3841459·√(0.016 + 0.0096036) = 0.2265777,
        // → (0.49016247153664174, 0.94331784854562474), i.e. (0.4902, 0.9433).
        let (low, high) = wilson_interval(8, 10);
        close(low, 0.490_162_471_536_641_7, 1e-12);
        close(high, 0.943_317_848_545_624_7, 1e-12);
        assert_eq!(
            ((low * 1e4).round(), (high * 1e4).round()),
            (4902.0, 9433.0)
        );
        // 0/20: lower bound exactly 0, upper z²/n/(1+z²/n) = 0.16112515805281935.
        let (low, high) = wilson_interval(0, 20);
        assert_eq!(low, 0.0);
        close(high, 0.161_125_158_052_819_35, 1e-12);
        assert_eq!(wilson_interval(20, 20).1, 1.0);
        assert_eq!(wilson_interval(0, 0), (0.0, 1.0));
        assert_eq!(wilson_interval(3, 2), (0.0, 1.0));
    }

    /// Fisher's exact test against SciPy's `fisher_exact` (1.16), and the
    /// z-test handing over to it when a cell expects fewer than 5 counts.
    #[test]
    fn fisher_exact_matches_scipy() {
        for (x1, n1, x2, n2, want) in [
            (0, 1, 12, 13, 0.142_857_142_857_142_85),
            (3, 10, 1, 12, 0.293_233_082_706_766_85),
            (1, 4, 30, 40, 0.070_577_748_966_858_42),
            (2, 50, 0, 3000, 0.000_263_456_440_972_315_54),
            (5, 8, 2, 9, 0.153_434_800_493_624_04),
        ] {
            close_rel(fisher_exact(x1, n1, x2, n2), want, 1e-9);
        }
        assert_eq!(fisher_exact(0, 10, 0, 20), 1.0);
        // One passage against thirteen: the z-test alone said p = 0.011.
        let (z, p) = two_proportion_test(0, 1, 12, 13);
        close(z, -2.541_955_637_208_97, 1e-9);
        close_rel(p, 0.142_857_142_857_142_85, 1e-9);
        // Enough counts in every cell: the z-test's own p.
        let (z, p) = two_proportion_test(30, 100, 20, 100);
        close(p, normal_two_sided_p(z), 1e-15);
    }

    #[test]
    fn two_proportion_by_hand() {
        // 30/100 vs 20/100: p̄ = 0.25, se = √(0.25·0.75·0.02) = √0.00375 = 0.0612372,
        // z = 0.1/0.0612372 = 1.6329931618554521, p = erfc(z/√2) = 0.10247043485974943.
        let (z, p) = two_proportion_test(30, 100, 20, 100);
        close(z, 1.632_993_161_855_452, 1e-12);
        close(p, 0.102_470_434_859_749_43, 1e-12);
        // 12/80 vs 30/90: p̄ = 42/170, group 1 below → z = −2.7663206180601629, p = 0.0056692765539903217.
        let (z, p) = two_proportion_test(12, 80, 30, 90);
        close(z, -2.766_320_618_060_163, 1e-12);
        close_rel(p, 0.005_669_276_553_990_322, 1e-10);
        assert_eq!(two_proportion_test(0, 10, 0, 20), (0.0, 1.0));
        assert_eq!(two_proportion_test(10, 10, 20, 20), (0.0, 1.0));
        assert_eq!(two_proportion_test(1, 0, 2, 20), (0.0, 1.0));
        assert_eq!(two_proportion_test(11, 10, 2, 20), (0.0, 1.0));
    }

    #[test]
    fn p_values_match_high_precision() {
        // erfc values from 50-digit arithmetic (mpmath), both sides of the
        // series / continued-fraction switch at x² = 1.5.
        for (x, want) in [
            (0.1, 0.887_537_083_981_715),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (1.2247, 0.083_275_814_798_086_39),
            (1.3, 0.065_992_055_059_347_55),
            (2.0, 0.004_677_734_981_047_266),
            (5.0, 1.537_459_794_428_034_8e-12),
            (10.0, 2.088_487_583_762_545e-45),
            (26.0, 5.663_192_408_856_143e-296),
        ] {
            close_rel(erfc(x), want, 1e-13);
        }
        assert_eq!(erfc(0.0), 1.0);
        // The 5 % critical values: χ²₁ = 3.841458820694124 and z = 1.959963984540054.
        close_rel(chi2_p_value_df1(3.841_458_820_694_124), 0.05, 1e-12);
        close_rel(normal_two_sided_p(Z_95), 0.05, 1e-12);
        close_rel(chi2_p_value_df1(1.0), 0.317_310_507_862_914_1, 1e-13);
        close_rel(chi2_p_value_df1(100.0), 1.523_970_604_832_105e-23, 1e-12);
        close_rel(
            chi2_p_value_df1(1000.0),
            1.795_832_784_800_726_2e-219,
            1e-11,
        );
        close_rel(normal_two_sided_p(-3.0), 0.002_699_796_063_260_189, 1e-13);
        close_rel(normal_two_sided_p(30.0), 9.813_427_854_296_374e-198, 1e-11);
        assert_eq!(chi2_p_value_df1(0.0), 1.0);
        assert_eq!(chi2_p_value_df1(-2.0), 1.0);
        assert_eq!(chi2_p_value_df1(1e6), 0.0);
        assert!(chi2_p_value_df1(f64::NAN).is_nan());
    }

    #[test]
    fn specificity_tiny_urn_by_hand() {
        // total = 10, f = 4, t = 5, mean = 4·5/10 = 2, C(10,5) = 252.
        // P(X ≥ 3) = [C(4,3)C(6,2) + C(4,4)C(6,1)]/252 = (4·15 + 1·6)/252 = 66/252.
        // P(X ≤ 1) = [C(4,0)C(6,5) + C(4,1)C(6,4)]/252 = (6 + 4·15)/252 = 66/252.
        let tail = (66.0_f64 / 252.0).log10(); // −0.5818566052396754
        close(specificity(3, 4, 5, 10), -tail, 1e-13);
        close(specificity(1, 4, 5, 10), tail, 1e-13);
        // k = 2 = mean counts as over-represented: P(X ≥ 2) = (120 + 60 + 6)/252.
        close(
            specificity(2, 4, 5, 10),
            -(186.0_f64 / 252.0).log10(),
            1e-13,
        );
        // P(X ≥ 4) = 6/252 and P(X ≤ 0) = 6/252.
        close(specificity(4, 4, 5, 10), -(6.0_f64 / 252.0).log10(), 1e-13);
        close(specificity(0, 4, 5, 10), (6.0_f64 / 252.0).log10(), 1e-13);
    }

    /// C(n, k) in exact integers, for the enumerated check.
    fn binomial(n: u64, k: u64) -> u128 {
        (0..k).fold(1_u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1))
    }

    #[test]
    fn specificity_matches_exact_enumeration() {
        // Every k of three urns, against tails summed in exact integer arithmetic.
        for (f, t, total) in [(20, 30, 60), (7, 40, 45), (33, 12, 50)] {
            let all = binomial(total, t);
            let pmf = |j: u64| binomial(f, j) * binomial(total - f, t - j);
            let low = (f + t).saturating_sub(total);
            for k in low..=f.min(t) {
                let want = if k * total >= f * t {
                    let upper: u128 = (k..=f.min(t)).map(pmf).sum();
                    -(upper as f64 / all as f64).log10()
                } else {
                    let lower: u128 = (low..=k).map(pmf).sum();
                    (lower as f64 / all as f64).log10()
                };
                close(specificity(k, f, t, total), want, 1e-12);
            }
        }
    }

    #[test]
    fn specificity_large_corpora_match_high_precision() {
        // log10 tails from 50-digit log-gamma sums (mpmath); the first two are
        // the extreme cases: 20 000 occurrences where 5 000 are expected, and
        // none where 5 000 are expected.
        for (k, f, t, total, want) in [
            (20_000, 50_000, 1_000_000, 10_000_000, 6_815.624_182_136_224),
            (0, 50_000, 1_000_000, 10_000_000, -2_293.927_582_242_592_7),
            (5_600, 50_000, 1_000_000, 10_000_000, 18.205_723_293_781_92),
            (4_400, 50_000, 1_000_000, 10_000_000, -19.442_801_864_917_73),
            (90, 300, 20_000, 100_000, 4.619_092_253_112_844),
            (2, 1_000, 5_000, 1_000_000, -0.906_951_384_984_605_7),
            (5_000, 5_000, 2_000_000, 10_000_000, 3_497.023_233_424_075_6),
            (
                2_600_000,
                5_000_000,
                5_000_000,
                10_000_000,
                3_477.749_356_449_533,
            ),
            // 10⁸ tokens, near the mean: a tail of thousands of terms (scipy's
            // log-gamma tails are off by 1e-7 here).
            (
                2_026_416,
                7_689_559,
                26_347_162,
                100_000_000,
                0.449_214_095_999_199_37,
            ),
            (
                331_376,
                693_984,
                47_758_290,
                100_000_000,
                -0.352_602_854_904_381_65,
            ),
            (
                7_080,
                71_612,
                9_954_600,
                100_000_000,
                -0.562_170_473_326_518_1,
            ),
        ] {
            let s = specificity(k, f, t, total);
            assert!(s.is_finite());
            close(s, want, 1e-12);
        }
    }

    #[test]
    fn specificity_is_finite_signed_and_total() {
        // Far beyond f64 underflow (P ≈ 10^−6816 and 10^−2294).
        let s = specificity(20_000, 50_000, 1_000_000, 10_000_000);
        assert!(s.is_finite() && s > 1000.0);
        let s = specificity(0, 50_000, 1_000_000, 10_000_000);
        assert!(s.is_finite() && s < -1000.0);
        // Invalid inputs give 0 instead of panicking.
        assert_eq!(specificity(5, 4, 5, 10), 0.0); // k > f
        assert_eq!(specificity(3, 4, 2, 10), 0.0); // k > t
        assert_eq!(specificity(1, 11, 5, 10), 0.0); // f > total
        assert_eq!(specificity(1, 4, 11, 10), 0.0); // t > total
        assert_eq!(specificity(0, 8, 5, 10), 0.0); // k < f + t − total: impossible
        assert_eq!(specificity(u64::MAX, u64::MAX, u64::MAX, u64::MAX), 0.0);
        // A single possible count (f = 0, t = 0, t = total) is no evidence: 0, not −0.
        for (k, f, t, total) in [(0, 0, 5, 10), (0, 4, 0, 10), (4, 4, 10, 10)] {
            let s = specificity(k, f, t, total);
            assert!(s == 0.0 && s.is_sign_positive());
        }
        // Signs follow the mean f·t/total, on a grid of small urns.
        for total in 1..=30_u64 {
            for f in 0..=total {
                for t in 0..=total {
                    for k in (f + t).saturating_sub(total)..=f.min(t) {
                        let s = specificity(k, f, t, total);
                        assert!(s.is_finite(), "{k} {f} {t} {total}");
                        if k * total >= f * t {
                            assert!(s >= 0.0);
                        } else {
                            assert!(s < 0.0);
                        }
                    }
                }
            }
        }
    }
}
