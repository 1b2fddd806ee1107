package kvcache.kit.model;

import org.ejml.data.FMatrixRMaj;

/**
 * The matrix-vector product {@code out = W x} of a decode step, as a plain loop over the
 * row-major weights: {@code out[i] = sum_j W.data[i * cols + j] * x[j]}.
 *
 * <p>A decode step multiplies every weight matrix by one vector. EJML's general matrix product
 * costs more than the multiply-adds for a single row, so the one-vector paths use this loop.
 */
public final class MatrixVector {

    private MatrixVector() {
    }

    /**
     * Computes {@code out = W x} for a (rows, cols) matrix {@code W}.
     *
     * <p>Each row's sum runs in column order, as a single running sum would, so the result is
     * exactly that of the plain loop {@code for j: sum += W[i][j] * x[j]}. The loop takes four
     * rows at a time: their four sums do not wait for each other, so the processor overlaps
     * their additions, and each {@code x[j]} is read once for four rows.
     *
     * @param w the (rows, cols) weights, row-major; not modified
     * @param x {@code float[cols]}; not modified
     * @param out receives {@code float[rows]}; must not be {@code x}
     * @throws IllegalArgumentException if {@code x.length != cols}, if {@code out.length != rows},
     *     or if {@code out} is {@code x}
     */
    public static void multiply(FMatrixRMaj w, float[] x, float[] out) {
        int rows = w.numRows;
        int cols = w.numCols;
        if (x.length != cols || out.length != rows) {
            throw new IllegalArgumentException("Matrix-vector shapes do not fit: W is (" + rows + " x " + cols
                    + "), x has length " + x.length + " and out has length " + out.length
                    + "; x needs length " + cols + " and out length " + rows);
        }
        if (out == x) {
            throw new IllegalArgumentException("out is the same array as x: the product reads all of x for every row, "
                    + "so pass a separate output array");
        }
        float[] data = w.data;

        // Four rows at a time: rows row .. row + 3 start at offset0 .. offset3.
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int offset0 = row * cols;
            int offset1 = offset0 + cols;
            int offset2 = offset1 + cols;
            int offset3 = offset2 + cols;
            float sum0 = 0f;
            float sum1 = 0f;
            float sum2 = 0f;
            float sum3 = 0f;
            for (int col = 0; col < cols; col++) {
                float xj = x[col];
                sum0 += data[offset0 + col] * xj;
                sum1 += data[offset1 + col] * xj;
                sum2 += data[offset2 + col] * xj;
                sum3 += data[offset3 + col] * xj;
            }
            out[row] = sum0;
            out[row + 1] = sum1;
            out[row + 2] = sum2;
            out[row + 3] = sum3;
        }

        // The last rows % 4 rows, one at a time.
        for (; row < rows; row++) {
            int offset = row * cols;
            float sum = 0f;
            for (int col = 0; col < cols; col++) {
                sum += data[offset + col] * x[col];
            }
            out[row] = sum;
        }
    }
}
