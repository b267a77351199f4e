//! Correspondence analysis of a contingency table (groups × terms, as
//! Iramuteq's and TXM's AFC, or FactoMineR's `CA`): the total inertia (the
//! table's χ² over its total), the eigenvalue of every axis, and for each
//! row and column its mass, inertia, principal coordinates, contributions
//! and squared cosines on the first axes. The table comes sparse, column by
//! column, as `compare` holds its term tables; this module only computes.
//! No I/O, no allocation beyond the matrices; the same table in the same
//! order gives the same figures, bit for bit. Formulas and the sign of the
//! axes are in `docs/statistics.md`, "Correspondence analysis".
//!
//! The eigenvectors come from the cross-product matrix of the standardised
//! residuals on the table's smaller side (k × k for k = min(rows,
//! columns)), reduced to tridiagonal form by Householder reflections and
//! diagonalised by the implicit QL method (`tred2` and `tql2` of EISPACK,
//! as JAMA has them, run along the rows of the transpose); the other
//! side's coordinates follow from the transition formulas.
//!
//! ```
//! use parole::ca::correspondence;
//!
//! // Two groups, three terms: the first group uses term 0, the second term 2.
//! let columns = vec![vec![(0, 30)], vec![(0, 10), (1, 10)], vec![(1, 30)]];
//! let ca = correspondence(2, &columns, 5).unwrap();
//! // χ² of the table over its total (80): one axis holds it all.
//! assert_eq!(ca.eigenvalues.len(), 1);
//! assert!((ca.eigenvalues[0] - ca.total_inertia).abs() < 1e-12);
//! assert!(ca.rows[0].coordinates[0] > 0.0 && ca.rows[1].coordinates[0] < 0.0);
//! ```

/// The smallest eigenvalue of an axis: below it the arithmetic cannot tell
/// the axis from rounding (see [`correspondence`]).
pub const MIN_EIGENVALUE: f64 = 1e-5;

/// A sparse table read in lines: each line (a column, or a row) lists its
/// cells as `(index across the line, count)`.
pub type Lines = [Vec<(usize, u64)>];

/// What correspondence analysis says of one row or column.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Its share of the table's total.
    pub mass: f64,
    /// Its share of the total inertia (the χ² it contributes, over the
    /// table's χ²); 0 when the table has no inertia.
    pub inertia: f64,
    /// Principal coordinates on the axes kept.
    pub coordinates: Vec<f64>,
    /// Contribution to each axis kept: mass × coordinate² / eigenvalue;
    /// the contributions to an axis sum to 1 over each side.
    pub contributions: Vec<f64>,
    /// Squared cosine on each axis kept: coordinate² / the squared χ²
    /// distance of its profile to the mean profile; over all the axes they
    /// sum to 1.
    pub cos2: Vec<f64>,
}

/// A correspondence analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Correspondence {
    /// χ² of the table over its total (φ²): the sum of the eigenvalues.
    pub total_inertia: f64,
    /// The eigenvalue of every axis, largest first: at most min(rows,
    /// columns) − 1 axes, those whose eigenvalue is at least
    /// [`MIN_EIGENVALUE`].
    pub eigenvalues: Vec<f64>,
    /// The rows, in the table's order.
    pub rows: Vec<Point>,
    /// The columns, in the table's order.
    pub columns: Vec<Point>,
}

/// The correspondence analysis of the table with `rows` rows and the given
/// columns (each a list of `(row, count)`, rows in any order, each at most
/// once), with coordinates on the first `axes` axes (fewer when the table
/// has fewer). `None` when a row or a column has no count: its profile is
/// undefined, and the caller should leave it out.
///
/// The eigenvectors come from a cross-product matrix, which squares the
/// singular values: the figures of the smaller side (the rows, unless the
/// columns are fewer) on an axis of eigenvalue λ are exact to about 1e-16 /
/// λ of their value, those of the other side, which follow from them, to
/// about 5e-16 / λ^1.5. An axis of λ below
/// [`MIN_EIGENVALUE`] is left out, as its points could not be placed to six
/// digits: the eigenvalues then sum to the total inertia less what those
/// axes hold (less than 1e-5 each), and so do a point's squared cosines.
///
/// Each axis has the sign that makes the row farthest from the origin on
/// it positive (the first such row, should two be as far): eigenvectors
/// have no sign of their own, and this one is stable from run to run.
pub fn correspondence(rows: usize, columns: &Lines, axes: usize) -> Option<Correspondence> {
    let cols = columns.len();
    let mut row_totals = vec![0u64; rows];
    let mut col_totals = vec![0u64; cols];
    for (j, column) in columns.iter().enumerate() {
        for &(i, count) in column {
            row_totals[i] += count;
            col_totals[j] += count;
        }
    }
    if rows == 0 || cols == 0 || row_totals.contains(&0) || col_totals.contains(&0) {
        return None;
    }
    let n: f64 = row_totals.iter().map(|&t| t as f64).sum();
    let r: Vec<f64> = row_totals.iter().map(|&t| t as f64 / n).collect();
    let c: Vec<f64> = col_totals.iter().map(|&t| t as f64 / n).collect();

    // Squared χ² distances of the profiles to the mean profiles, as sums of
    // squares over every cell, empty ones included (Σ p²/(r² c) − 1 would
    // lose the digits of a profile close to the mean): a row's is
    // Σ_j (p_ij / r_i − c_j)² / c_j, a column's alike.
    let mut row_d2 = vec![0.0; rows];
    let mut col_d2 = vec![0.0; cols];
    let mut cell = vec![None; rows];
    for (j, column) in columns.iter().enumerate() {
        for &(i, count) in column {
            cell[i] = Some(count as f64 / n);
        }
        for i in 0..rows {
            let p = cell[i].take().unwrap_or(0.0);
            let (x, y) = (p / r[i] - c[j], p / c[j] - r[i]);
            row_d2[i] += x * x / c[j];
            col_d2[j] += y * y / r[i];
        }
    }
    for d in row_d2.iter_mut().chain(col_d2.iter_mut()) {
        *d = distance(*d);
    }
    let total_inertia: f64 = r.iter().zip(&row_d2).map(|(r, d)| r * d).sum();

    // The cross-product of the standardised residuals S (S_ij = (p_ij −
    // r_i c_j) / √(r_i c_j)) on the smaller side. With A_ij = p_ij / √(r_i
    // c_j), S = A − √r √cᵀ and A √c = √r, so S Sᵀ = A Aᵀ − √r √rᵀ; and
    // alike Sᵀ S = Aᵀ A − √c √cᵀ. The table is read in lines across the
    // smaller side: its columns when the rows are fewer, else its rows,
    // each line as (index on the smaller side, count); `small` are the
    // masses of the smaller side, `large` those of the lines.
    let by_rows = rows <= cols;
    let by_row: Vec<Vec<(usize, u64)>>;
    let (lines, small, large): (&Lines, &[f64], &[f64]) = if by_rows {
        (columns, &r, &c)
    } else {
        let mut transposed = vec![Vec::new(); rows];
        for (j, column) in columns.iter().enumerate() {
            for &(i, count) in column {
                transposed[i].push((j, count));
            }
        }
        by_row = transposed;
        (&by_row, &c, &r)
    };
    let k = small.len();
    let mut m = vec![vec![0.0; k]; k];
    for (l, line) in lines.iter().enumerate() {
        for &(s1, n1) in line {
            let a1 = n1 as f64 / n / (small[s1] * large[l]).sqrt();
            for &(s2, n2) in line {
                m[s1][s2] += a1 * (n2 as f64 / n / (small[s2] * large[l]).sqrt());
            }
        }
    }
    for (s1, row) in m.iter_mut().enumerate() {
        for (s2, x) in row.iter_mut().enumerate() {
            *x -= (small[s1] * small[s2]).sqrt();
        }
    }
    let (values, vectors) = symmetric_eigen(m);
    // Largest first.
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    // The entries of the matrix are at most 1, so its rounding leaves
    // eigenvalues of about 1e-16 where they are 0, and an axis of
    // eigenvalue λ comes with a relative error of 1e-16 / λ or more (see
    // above): below MIN_EIGENVALUE its points could not be placed.
    let eigenvalues: Vec<f64> = order
        .iter()
        .map(|&a| values[a])
        .take(k.saturating_sub(1))
        .take_while(|&v| v >= MIN_EIGENVALUE)
        .collect();
    let kept = eigenvalues.len().min(axes);

    // Principal coordinates of the smaller side: F_ik = u_ik √λ_k / √r_i;
    // of the lines, by the transition formula: G_jk = Σ_i (p_ij / c_j) F_ik
    // / √λ_k.
    let mut small_coords = vec![vec![0.0; kept]; k];
    let mut large_coords = vec![vec![0.0; kept]; lines.len()];
    for (axis, &a) in order.iter().take(kept).enumerate() {
        let sigma = eigenvalues[axis].sqrt();
        for (s, f) in small_coords.iter_mut().enumerate() {
            f[axis] = vectors[a][s] * sigma / small[s].sqrt();
        }
        for (l, line) in lines.iter().enumerate() {
            let sum: f64 = line
                .iter()
                .map(|&(s, count)| count as f64 / n / large[l] * small_coords[s][axis])
                .sum();
            large_coords[l][axis] = sum / sigma;
        }
    }
    let (mut row_coords, mut col_coords) = match by_rows {
        true => (small_coords, large_coords),
        false => (large_coords, small_coords),
    };
    // The sign: the row farthest from the origin on the axis is positive.
    for axis in 0..kept {
        let far = row_coords.iter().map(|f| f[axis].abs()).fold(0.0, f64::max);
        let first = row_coords
            .iter()
            .position(|f| f[axis].abs() >= far * (1.0 - 1e-9))
            .unwrap_or(0);
        if row_coords[first][axis] < 0.0 {
            for f in row_coords.iter_mut().chain(col_coords.iter_mut()) {
                f[axis] = -f[axis];
            }
        }
    }
    let points = |masses: &[f64], d2: &[f64], coords: Vec<Vec<f64>>| -> Vec<Point> {
        masses
            .iter()
            .zip(d2)
            .zip(coords)
            .map(|((&mass, &d2), mut coordinates)| {
                // A profile at distance 0 is the mean one: at the origin,
                // as a supplementary point is, not at the rounding error of
                // the eigenvectors (2e-12), which would give it a sign and
                // list it at one end of an axis.
                if d2 == 0.0 {
                    coordinates.iter_mut().for_each(|f| *f = 0.0);
                }
                Point {
                    mass,
                    inertia: if total_inertia > 0.0 {
                        mass * d2 / total_inertia
                    } else {
                        0.0
                    },
                    contributions: coordinates
                        .iter()
                        .zip(&eigenvalues)
                        .map(|(f, l)| mass * f * f / l)
                        .collect(),
                    cos2: squared_cosines(&coordinates, d2),
                    coordinates,
                }
            })
            .collect()
    };
    Some(Correspondence {
        total_inertia,
        rows: points(&r, &row_d2, row_coords),
        columns: points(&c, &col_d2, col_coords),
        eigenvalues,
    })
}

/// A supplementary point: a row or column that takes no part in the axes,
/// placed on them by its profile (FactoMineR's `row.sup` and `col.sup`).
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Principal coordinates on the axes kept: its profile's barycentre of
    /// the other side's coordinates, over √λ (the transition formula).
    pub coordinates: Vec<f64>,
    /// Squared cosine on each axis kept: coordinate² / the squared χ²
    /// distance of its profile to the mean profile of its side.
    pub cos2: Vec<f64>,
}

impl Correspondence {
    /// Places a supplementary row, given its counts in the table's columns
    /// as `(column, count)` (each column at most once; counts outside the
    /// table's columns are the caller's to leave out). `None` when it has
    /// no count: it has no profile.
    pub fn supplementary_row(&self, cells: &[(usize, u64)]) -> Option<Projection> {
        project(cells, &self.columns, &self.eigenvalues)
    }

    /// Places a supplementary column, given its counts in the table's rows
    /// as `(row, count)`; as [`Correspondence::supplementary_row`].
    pub fn supplementary_column(&self, cells: &[(usize, u64)]) -> Option<Projection> {
        project(cells, &self.rows, &self.eigenvalues)
    }
}

/// A profile over `other` (the side it is counted on) placed on the axes.
fn project(cells: &[(usize, u64)], other: &[Point], eigenvalues: &[f64]) -> Option<Projection> {
    let total: u64 = cells.iter().map(|&(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let axes = other.first().map_or(0, |p| p.coordinates.len());
    let mut profile = vec![0.0; other.len()];
    for &(k, n) in cells {
        profile[k] = n as f64 / total as f64;
    }
    // The distance as a sum of squares over every cell, as in
    // `correspondence`.
    let d2: f64 = profile
        .iter()
        .zip(other)
        .map(|(q, p)| (q - p.mass) * (q - p.mass) / p.mass)
        .sum();
    let d2 = distance(d2);
    // A profile at distance 0 is the mean one: at the origin, not at the
    // rounding error of the barycentre (−8e-16).
    let coordinates: Vec<f64> = (0..axes)
        .map(|a| {
            if d2 == 0.0 {
                return 0.0;
            }
            let bary: f64 = cells
                .iter()
                .map(|&(k, _)| profile[k] * other[k].coordinates[a])
                .sum();
            bary / eigenvalues[a].sqrt()
        })
        .collect();
    let cos2 = squared_cosines(&coordinates, d2);
    Some(Projection { coordinates, cos2 })
}

/// A squared χ² distance to the mean profile as computed, or 0 for a
/// profile that differs from the mean one by rounding only (1e-10 of its
/// shares): the groups alike have no inertia.
fn distance(d2: f64) -> f64 {
    if d2 < 1e-20 {
        0.0
    } else {
        d2
    }
}

/// The squared cosines of a point at squared distance `d2` from the
/// origin: coordinate² / d2 on each axis (0 at the origin).
fn squared_cosines(coordinates: &[f64], d2: f64) -> Vec<f64> {
    coordinates
        .iter()
        .map(|f| if d2 > 0.0 { (f * f / d2).min(1.0) } else { 0.0 })
        .collect()
}

/// Eigenvalues and eigenvectors of the symmetric matrix `a` (its upper
/// triangle is read): `vectors[j]` is the eigenvector of `values[j]`.
/// Values in no particular order.
pub fn symmetric_eigen(a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v = a;
    let mut d = vec![0.0; n];
    let mut e = vec![0.0; n];
    if n == 0 {
        return (d, v);
    }
    // Both steps work on the transpose (`a` is its own), so that their
    // inner loops run along rows: the QL rotations mix two eigenvectors at
    // a time, two contiguous rows, not two columns of every row.
    tred2(&mut v, &mut d, &mut e);
    tql2(&mut v, &mut d, &mut e);
    (d, v)
}

/// Householder reduction of the symmetric `v` to tridiagonal form: `d` its
/// diagonal, `e` its subdiagonal (from `e[1]`), `v` the orthogonal
/// transformation, transposed (EISPACK's `tred2`, as in JAMA, with every
/// index pair swapped: its inner loops run down columns, which are rows
/// here, contiguous in memory).
#[allow(clippy::needless_range_loop)]
fn tred2(v: &mut [Vec<f64>], d: &mut [f64], e: &mut [f64]) {
    let n = d.len();
    for j in 0..n {
        d[j] = v[j][n - 1];
    }
    for i in (1..n).rev() {
        let mut scale = 0.0;
        let mut h = 0.0;
        for k in 0..i {
            scale += d[k].abs();
        }
        if scale == 0.0 {
            e[i] = d[i - 1];
            for j in 0..i {
                d[j] = v[j][i - 1];
                v[j][i] = 0.0;
                v[i][j] = 0.0;
            }
        } else {
            for k in 0..i {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            let mut f = d[i - 1];
            let mut g = h.sqrt();
            if f > 0.0 {
                g = -g;
            }
            e[i] = scale * g;
            h -= f * g;
            d[i - 1] = f - g;
            for j in 0..i {
                e[j] = 0.0;
            }
            for j in 0..i {
                f = d[j];
                v[i][j] = f;
                g = e[j] + v[j][j] * f;
                let row = &v[j][j + 1..i];
                for ((x, dk), ek) in row.iter().zip(&d[j + 1..i]).zip(&mut e[j + 1..i]) {
                    g += x * dk;
                    *ek += x * f;
                }
                e[j] = g;
            }
            f = 0.0;
            for j in 0..i {
                e[j] /= h;
                f += e[j] * d[j];
            }
            let hh = f / (h + h);
            for j in 0..i {
                e[j] -= hh * d[j];
            }
            for j in 0..i {
                f = d[j];
                g = e[j];
                for ((x, ek), dk) in v[j][j..i].iter_mut().zip(&e[j..i]).zip(&d[j..i]) {
                    *x -= f * ek + g * dk;
                }
                d[j] = v[j][i - 1];
                v[j][i] = 0.0;
            }
        }
        d[i] = h;
    }
    // Accumulate the transformations.
    for i in 0..n - 1 {
        v[i][n - 1] = v[i][i];
        v[i][i] = 1.0;
        let h = d[i + 1];
        if h != 0.0 {
            for k in 0..=i {
                d[k] = v[i + 1][k] / h;
            }
            let (rows, next) = v.split_at_mut(i + 1);
            let next = &next[0][..=i];
            for row in rows.iter_mut() {
                let row = &mut row[..=i];
                let g: f64 = next.iter().zip(row.iter()).map(|(a, b)| a * b).sum();
                for (x, dk) in row.iter_mut().zip(&d[..=i]) {
                    *x -= g * dk;
                }
            }
        }
        for k in 0..=i {
            v[i + 1][k] = 0.0;
        }
    }
    for j in 0..n {
        d[j] = v[j][n - 1];
        v[j][n - 1] = 0.0;
    }
    v[n - 1][n - 1] = 1.0;
    e[0] = 0.0;
}

/// The implicit QL method on the tridiagonal matrix of [`tred2`]: `d`
/// becomes the eigenvalues, `vt` (the transformation of [`tred2`],
/// transposed) the eigenvectors, one per row (EISPACK's `tql2`, as in
/// JAMA, on the transpose).
#[allow(clippy::needless_range_loop)]
fn tql2(vt: &mut [Vec<f64>], d: &mut [f64], e: &mut [f64]) {
    let n = d.len();
    for i in 1..n {
        e[i - 1] = e[i];
    }
    e[n - 1] = 0.0;
    let mut f = 0.0;
    let mut tst1: f64 = 0.0;
    let eps = f64::EPSILON;
    for l in 0..n {
        // Find a small subdiagonal element.
        tst1 = tst1.max(d[l].abs() + e[l].abs());
        let mut m = l;
        while m < n - 1 && e[m].abs() > eps * tst1 {
            m += 1;
        }
        // If m == l, d[l] is an eigenvalue; otherwise iterate. The bound
        // only guards against a matrix with NaN; 30 rounds are the norm.
        if m > l {
            for _ in 0..200 {
                let mut g = d[l];
                let mut p = (d[l + 1] - g) / (2.0 * e[l]);
                let mut r = p.hypot(1.0);
                if p < 0.0 {
                    r = -r;
                }
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                let dl1 = d[l + 1];
                let mut h = g - d[l];
                for i in l + 2..n {
                    d[i] -= h;
                }
                f += h;
                // Implicit QL transformation.
                p = d[m];
                let mut c = 1.0;
                let mut c2 = c;
                let mut c3 = c;
                let el1 = e[l + 1];
                let mut s = 0.0;
                let mut s2 = 0.0;
                for i in (l..m).rev() {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = p.hypot(e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    let (low, high) = vt.split_at_mut(i + 1);
                    for (x, y) in low[i].iter_mut().zip(high[0].iter_mut()) {
                        let h = *y;
                        *y = s * *x + c * h;
                        *x = c * *x - s * h;
                    }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
                if e[l].abs() <= eps * tst1 {
                    break;
                }
            }
        }
        d[l] += f;
        e[l] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    /// A dense table as columns.
    fn columns(table: &[&[u64]]) -> Vec<Vec<(usize, u64)>> {
        let cols = table[0].len();
        (0..cols)
            .map(|j| {
                table
                    .iter()
                    .enumerate()
                    .filter(|(_, row)| row[j] > 0)
                    .map(|(i, row)| (i, row[j]))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn eigen_of_a_small_matrix() {
        let (values, vectors) = symmetric_eigen(vec![vec![2.0, 1.0], vec![1.0, 2.0]]);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert!(close(sorted[0], 1.0, 1e-14) && close(sorted[1], 3.0, 1e-14));
        for (j, &l) in values.iter().enumerate() {
            let (x, y) = (vectors[j][0], vectors[j][1]);
            assert!(close(2.0 * x + y, l * x, 1e-14) && close(x + 2.0 * y, l * y, 1e-14));
        }
    }

    /// Checked against numpy's SVD of the standardised residuals of the
    /// same table: eigenvalues, the rows' and columns' coordinates,
    /// contributions and squared cosines.
    #[test]
    fn a_hand_checked_table() {
        // Rows: three speakers; columns: five words.
        let table: &[&[u64]] = &[&[20, 5, 3, 10, 2], &[4, 18, 6, 3, 9], &[2, 4, 22, 5, 7]];
        let ca = correspondence(3, &columns(table), 5).unwrap();
        let n = 120.0;
        // χ²/n computed by hand from the expected counts.
        let rt = [40.0, 40.0, 40.0];
        let ct = [26.0, 27.0, 31.0, 18.0, 18.0];
        let mut chi2 = 0.0;
        for (i, row) in table.iter().enumerate() {
            for (j, &o) in row.iter().enumerate() {
                let e = rt[i] * ct[j] / n;
                chi2 += (o as f64 - e).powi(2) / e;
            }
        }
        assert!(close(ca.total_inertia, chi2 / n, 1e-12));
        assert_eq!(ca.eigenvalues.len(), 2);
        assert!(close(ca.eigenvalues.iter().sum::<f64>(), chi2 / n, 1e-12));
        // numpy: singular values of S, squared.
        assert!(
            close(ca.eigenvalues[0], 0.348_353_029_298, 1e-10),
            "{:?}",
            ca.eigenvalues
        );
        assert!(
            close(ca.eigenvalues[1], 0.192_291_212_959, 1e-10),
            "{:?}",
            ca.eigenvalues
        );
        // numpy's coordinates, each axis with the sign of its farthest row
        // (row 0 on axis 1, row 1 on axis 2).
        let rows = [
            [0.809_839_519_002, -0.150_193_470_680],
            [-0.229_849_747_665, 0.596_170_876_382],
            [-0.579_989_771_337, -0.445_977_405_702],
        ];
        let cols = [
            [0.919_966_346_934, -0.132_541_487_667],
            [-0.151_109_995_777, 0.692_259_620_623],
            [-0.639_972_746_268, -0.491_771_970_242],
            [0.424_412_359_159, -0.246_200_914_161],
            [-0.424_412_359_159, 0.246_200_914_161],
        ];
        for (p, want) in ca.rows.iter().zip(rows).chain(ca.columns.iter().zip(cols)) {
            for a in 0..2 {
                assert!(
                    close(p.coordinates[a], want[a], 1e-10),
                    "{:?} {want:?}",
                    p.coordinates
                );
            }
        }
        let ctr = [
            [0.627_562_646_107, 0.039_104_020_559],
            [0.050_553_032_947, 0.616_113_633_720],
            [0.321_884_320_946, 0.344_782_345_721],
        ];
        let cos2 = [
            [0.966_748_023_325, 0.033_251_976_675],
            [0.129_408_025_043, 0.870_591_974_957],
            [0.628_429_294_799, 0.371_570_705_201],
        ];
        for (i, p) in ca.rows.iter().enumerate() {
            assert!(close(p.mass, 1.0 / 3.0, 1e-15));
            for a in 0..2 {
                assert!(close(p.contributions[a], ctr[i][a], 1e-10));
                assert!(close(p.cos2[a], cos2[i][a], 1e-10));
            }
        }
        let col_cos2_1 = [
            0.979_665_311_192,
            0.045_481_295_821,
            0.628_741_336_170,
            0.748_215_071_752,
            0.748_215_071_752,
        ];
        for (p, want) in ca.columns.iter().zip(col_cos2_1) {
            assert!(close(p.cos2[0], want, 1e-10));
        }
    }

    /// A supplementary row and column of the hand-checked table, against
    /// numpy (its SVD's coordinates, then the transition formula and the
    /// χ² distance to the mean profile).
    #[test]
    fn supplementary_points_of_the_hand_checked_table() {
        let table: &[&[u64]] = &[&[20, 5, 3, 10, 2], &[4, 18, 6, 3, 9], &[2, 4, 22, 5, 7]];
        let ca = correspondence(3, &columns(table), 5).unwrap();
        let row = ca
            .supplementary_row(&[(0, 1), (1, 7), (3, 12), (4, 3)])
            .unwrap();
        let column = ca.supplementary_column(&[(0, 9), (1, 1), (2, 4)]).unwrap();
        let want = [
            (
                &row,
                [0.271_228_457_846, 0.247_623_759_195],
                [0.054_550_311_999, 0.045_468_576_132],
            ),
            (
                &column,
                [0.573_489_771_195, -0.413_653_819_436],
                [0.657_781_035_331, 0.342_218_964_669],
            ),
        ];
        for (p, coordinates, cos2) in want {
            for a in 0..2 {
                assert!(close(p.coordinates[a], coordinates[a], 1e-10), "{p:?}");
                assert!(close(p.cos2[a], cos2[a], 1e-10), "{p:?}");
            }
        }
        // No count, no profile; a profile equal to the mean one is at the
        // origin, with no cos².
        assert_eq!(ca.supplementary_row(&[]), None);
        assert_eq!(ca.supplementary_column(&[(1, 0)]), None);
        let mean = ca.supplementary_column(&[(0, 7), (1, 7), (2, 7)]).unwrap();
        assert_eq!(mean.coordinates, vec![0.0, 0.0], "the origin, exactly");
        assert_eq!(mean.cos2, vec![0.0, 0.0]);
    }

    /// A column whose profile is the mean one (its counts in proportion to
    /// the rows' totals) lies at the origin, exactly: not at the rounding
    /// error of the eigenvectors (2.6e-12 on axis 2 of this table), with no
    /// contribution, so on neither side of an axis.
    #[test]
    fn a_point_with_the_mean_profile_is_at_the_origin() {
        let table: &[&[u64]] = &[
            &[1000, 1000, 1000, 1000],
            &[1200, 1000, 800, 1000],
            &[1100, 1011, 889, 1000],
        ];
        let ca = correspondence(3, &columns(table), 5).unwrap();
        assert_eq!(ca.eigenvalues.len(), 2);
        let mean = &ca.columns[3];
        assert_eq!(mean.inertia, 0.0);
        assert_eq!(mean.coordinates, vec![0.0, 0.0], "{mean:?}");
        assert_eq!(mean.contributions, vec![0.0, 0.0], "{mean:?}");
        assert_eq!(mean.cos2, vec![0.0, 0.0], "{mean:?}");
        // The others are where they were: the contributions still sum to 1.
        for a in 0..2 {
            let ctr: f64 = ca.columns.iter().map(|p| p.contributions[a]).sum();
            assert!(close(ctr, 1.0, 1e-9), "{ctr}");
        }
    }

    #[test]
    fn an_empty_row_or_column_has_no_profile() {
        assert!(correspondence(2, &[vec![(0, 3)], vec![(0, 2)]], 2).is_none());
        assert!(correspondence(1, &[vec![(0, 3)], vec![]], 2).is_none());
        assert!(correspondence(0, &[], 2).is_none());
    }

    #[test]
    fn identical_profiles_have_no_axis() {
        let ca = correspondence(2, &columns(&[&[2, 4], &[3, 6]]), 2).unwrap();
        assert!(ca.total_inertia.abs() < 1e-15);
        assert!(ca.eigenvalues.is_empty());
        assert!(ca
            .rows
            .iter()
            .all(|p| p.coordinates.is_empty() && p.inertia == 0.0));
    }

    #[allow(clippy::needless_range_loop)]
    fn symmetric() -> impl Strategy<Value = Vec<Vec<f64>>> {
        (1usize..9).prop_flat_map(|n| {
            proptest::collection::vec(proptest::collection::vec(-3.0f64..3.0, n), n).prop_map(
                |mut a| {
                    let n = a.len();
                    for i in 0..n {
                        for j in 0..i {
                            a[j][i] = a[i][j];
                        }
                    }
                    a
                },
            )
        })
    }

    fn table() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (2usize..7, 2usize..9).prop_flat_map(|(rows, cols)| {
            proptest::collection::vec(proptest::collection::vec(0u64..40, cols), rows)
        })
    }

    proptest! {
        #![proptest_config(crate::proptest_config(300))]

        /// A v = λ v for every eigenpair, and the eigenvectors are
        /// orthonormal.
        #[test]
        fn eigenpairs_of_symmetric_matrices(a in symmetric()) {
            let n = a.len();
            let (values, v) = symmetric_eigen(a.clone());
            for j in 0..n {
                for i in 0..n {
                    let av: f64 = (0..n).map(|k| a[i][k] * v[j][k]).sum();
                    prop_assert!((av - values[j] * v[j][i]).abs() < 1e-10, "{av} {}", values[j] * v[j][i]);
                }
                for l in 0..n {
                    let dot: f64 = (0..n).map(|k| v[j][k] * v[l][k]).sum();
                    let want = if j == l { 1.0 } else { 0.0 };
                    prop_assert!((dot - want).abs() < 1e-12);
                }
            }
        }

        /// The identities of correspondence analysis, on either side being
        /// the smaller: the eigenvalues sum to the total inertia; the
        /// contributions to an axis sum to 1 on each side; the squared
        /// cosines of a point sum to 1 over all axes; the inertias sum to
        /// 1; each side is the barycentre of the other (the transition
        /// formulas); and transposing the table swaps rows and columns.
        #[test]
        fn the_identities_of_correspondence_analysis(t in table()) {
            let rows: Vec<&[u64]> = t.iter().map(Vec::as_slice).collect();
            let cols = columns(&rows);
            let Some(ca) = correspondence(rows.len(), &cols, 10) else {
                let empty_row = t.iter().any(|r| r.iter().all(|&x| x == 0));
                prop_assert!(empty_row || cols.iter().any(Vec::is_empty));
                return Ok(());
            };
            let sum: f64 = ca.eigenvalues.iter().sum();
            let left_out = (t.len().min(t[0].len()) - 1 - ca.eigenvalues.len()) as f64;
            prop_assert!((sum - ca.total_inertia).abs() <= 1e-12 + left_out * MIN_EIGENVALUE,
                "{sum} {}", ca.total_inertia);
            let axes = ca.eigenvalues.len();
            // Precision falls with the eigenvalue (see `correspondence`):
            // the identities are checked to 1e-8 on the axes of λ ≥ 1e-6.
            let readable = |a: &usize| ca.eigenvalues[*a] >= 1e-6;
            for side in [&ca.rows, &ca.columns] {
                for a in (0..axes).filter(readable) {
                    let ctr: f64 = side.iter().map(|p| p.contributions[a]).sum();
                    prop_assert!(close(ctr, 1.0, 1e-8), "{ctr}");
                }
                for p in side.iter() {
                    let cos2: f64 = p.cos2.iter().sum();
                    let nothing_left_out = (sum - ca.total_inertia).abs() < 1e-12;
                    if p.inertia > 1e-9 && nothing_left_out {
                        prop_assert!(close(cos2, 1.0, 1e-7), "{cos2}");
                    }
                }
                if ca.total_inertia > 1e-12 {
                    let inertia: f64 = side.iter().map(|p| p.inertia).sum();
                    prop_assert!(close(inertia, 1.0, 1e-9));
                }
            }
            let n: u64 = t.iter().flatten().sum();
            for a in (0..axes).filter(readable) {
                let sigma = ca.eigenvalues[a].sqrt();
                for (i, row) in t.iter().enumerate() {
                    let total: u64 = row.iter().sum();
                    let bary: f64 = row.iter().zip(&ca.columns)
                        .map(|(&x, g)| x as f64 / total as f64 * g.coordinates[a]).sum();
                    let f = ca.rows[i].coordinates[a];
                    prop_assert!((bary / sigma - f).abs() <= 1e-9 * (1.0 + f.abs()) / sigma,
                        "axis {a}: {} {f}", bary / sigma);
                }
            }
            // A supplementary point with the profile of an active one lies
            // where it does, with its cos².
            let readable_axes: Vec<usize> = (0..axes).filter(readable).collect();
            for (i, row) in t.iter().enumerate() {
                let cells: Vec<(usize, u64)> = row.iter().copied().enumerate().filter(|&(_, x)| x > 0).collect();
                let sup = ca.supplementary_row(&cells).unwrap();
                for &a in &readable_axes {
                    let f = ca.rows[i].coordinates[a];
                    prop_assert!((sup.coordinates[a] - f).abs() <= 1e-9 * (1.0 + f.abs()) / ca.eigenvalues[a].sqrt(),
                        "row {i} axis {a}: {} {f}", sup.coordinates[a]);
                    prop_assert!((sup.cos2[a] - ca.rows[i].cos2[a]).abs() < 1e-6);
                }
            }
            for (j, column) in cols.iter().enumerate() {
                let sup = ca.supplementary_column(column).unwrap();
                for &a in &readable_axes {
                    let g = ca.columns[j].coordinates[a];
                    prop_assert!((sup.coordinates[a] - g).abs() <= 1e-6 * (1.0 + g.abs()),
                        "column {j} axis {a}: {} {g}", sup.coordinates[a]);
                }
            }
            prop_assert_eq!(ca.rows.iter().map(|p| p.mass).sum::<f64>().round(), 1.0);
            // The transposed table: the same axes, rows and columns swapped
            // (each axis up to its sign).
            let transposed: Vec<Vec<(usize, u64)>> =
                t.iter().map(|row| row.iter().enumerate().filter(|(_, &x)| x > 0)
                    .map(|(j, &x)| (j, x)).collect()).collect();
            let tr = correspondence(t[0].len(), &transposed, 10).unwrap();
            prop_assert_eq!(tr.eigenvalues.len(), axes);
            for a in 0..axes {
                prop_assert!(close(tr.eigenvalues[a], ca.eigenvalues[a], 1e-8));
                // Axes with the same eigenvalue may turn within their plane.
                let alone = (a == 0 || !close(ca.eigenvalues[a - 1], ca.eigenvalues[a], 1e-6))
                    && (a + 1 == axes || !close(ca.eigenvalues[a + 1], ca.eigenvalues[a], 1e-6));
                if alone {
                    let dot: f64 = tr.columns.iter().zip(&ca.rows)
                        .map(|(x, y)| x.coordinates[a] * y.coordinates[a]).sum();
                    let norm: f64 = ca.rows.iter().map(|y| y.coordinates[a].powi(2)).sum();
                    prop_assert!(close(dot.abs(), norm, 1e-6), "{dot} {norm}");
                }
            }
            let _ = n;
        }
    }
}
