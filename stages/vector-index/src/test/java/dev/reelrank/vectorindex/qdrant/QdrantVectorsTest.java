package dev.reelrank.vectorindex.qdrant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.SparseVector;
import io.qdrant.client.grpc.Points.VectorOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A retrieved point's vector in either of the wire forms a server may answer with (QdrantVectorIndexIT reads real ones). */
class QdrantVectorsTest {
    @Test
    @SuppressWarnings("deprecation")
    void denseInEitherFormAndNothingElse() {
        assertArrayEquals(new float[] {0.6f, 0.8f}, QdrantVectorIndex.denseVector(
                VectorOutput.newBuilder().setDense(DenseVector.newBuilder().addAllData(List.of(0.6f, 0.8f))).build()));
        assertArrayEquals(new float[] {1, 0}, QdrantVectorIndex.denseVector(VectorOutput.newBuilder().addAllData(List.of(1f, 0f)).build()));
        assertNull(QdrantVectorIndex.denseVector(VectorOutput.getDefaultInstance()));
        assertNull(QdrantVectorIndex.denseVector(VectorOutput.newBuilder()
                .setSparse(SparseVector.newBuilder().addValues(1f).addIndices(3)).build()));
    }
}
