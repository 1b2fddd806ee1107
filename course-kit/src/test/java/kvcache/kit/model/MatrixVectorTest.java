package kvcache.kit.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import kvcache.kit.testing.FloatAssertions;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MatrixVector")
class MatrixVectorTest {

    @Test
    @DisplayName("a (5 x 3) product matches values computed by hand")
    void handComputed() {
        // Five rows, so that four go through the four-row loop and one through the single-row loop.
        // out[i] = sum_j W[i][j] * x[j] with x = [1, -2, 0.5], by hand: 1 - 4 + 1.5 = -1.5, and so on.
        FMatrixRMaj w = new FMatrixRMaj(new float[][] {
                {1, 2, 3}, {0, 1, 0}, {-1, 0, 2}, {4, 4, 4}, {2, -1, -2}});
        float[] out = new float[5];

        MatrixVector.multiply(w, new float[] {1, -2, 0.5f}, out);

        FloatAssertions.assertClose("out", new float[] {-1.5f, -2f, 0f, -2f, 3f}, out, 0f);
    }

    @Test
    @DisplayName("each row equals a single running sum in column order, bit for bit")
    void sameAsRunningSum() {
        Random random = new Random(7);
        int rows = 7;
        int cols = 33;
        FMatrixRMaj w = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = random.nextFloat() * 2 - 1;
        }
        float[] x = new float[cols];
        for (int j = 0; j < cols; j++) {
            x[j] = random.nextFloat() * 2 - 1;
        }
        float[] out = new float[rows];

        MatrixVector.multiply(w, x, out);

        float[] expected = new float[rows];
        for (int i = 0; i < rows; i++) {
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += w.data[i * cols + j] * x[j];
            }
            expected[i] = sum;
        }
        FloatAssertions.assertClose("out", expected, out, 0f);
    }

    @Test
    @DisplayName("an input of the wrong length is rejected, naming both lengths")
    void inputLength() {
        assertThatThrownBy(() -> MatrixVector.multiply(new FMatrixRMaj(2, 3), new float[4], new float[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x has length 4")
                .hasMessageContaining("x needs length 3");
    }

    @Test
    @DisplayName("an output of the wrong length is rejected, naming both lengths")
    void outputLength() {
        assertThatThrownBy(() -> MatrixVector.multiply(new FMatrixRMaj(2, 3), new float[3], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out has length 3")
                .hasMessageContaining("out length 2");
    }

    @Test
    @DisplayName("an output that is the input is rejected")
    void outputIsInput() {
        float[] x = new float[3];

        assertThatThrownBy(() -> MatrixVector.multiply(new FMatrixRMaj(3, 3), x, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same array");
    }
}
