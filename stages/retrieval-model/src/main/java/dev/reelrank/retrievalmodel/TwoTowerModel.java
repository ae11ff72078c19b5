package dev.reelrank.retrievalmodel;

import dev.reelrank.modelartifacts.FileDigests;

import dev.reelrank.modelartifacts.DjlRuntime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-tower retrieval model: encoder + network + metadata. Serving loads one with
 * {@link #load} and calls {@link #userEmbedding} / {@link #videoEmbeddings}; the trainer creates
 * one with {@link #create}, trains its {@link #block()} and {@link #save}s it. Inference methods
 * are thread-safe: each call works in its own NDManager and only reads the parameters.
 *
 * <p>Artifact folder: {@code parameters.bin} (DJL block parameters), {@code vocab/*.txt},
 * {@code metadata.json}.
 */
public final class TwoTowerModel implements AutoCloseable {
    public static final String PARAMETERS = "parameters.bin";
    /** Videos per forward pass when embedding a large list (bounds native memory per call). */
    static final int VIDEO_CHUNK = 1024;

    private final NDManager manager;
    private final TwoTowerBlock block;
    private final FeatureEncoder encoder;
    private final ModelMetadata metadata;

    private TwoTowerModel(NDManager manager, TwoTowerBlock block, FeatureEncoder encoder, ModelMetadata metadata) {
        this.manager = manager;
        this.block = block;
        this.encoder = encoder;
        this.metadata = metadata;
    }

    /** A freshly initialized (random) model, for training. */
    public static TwoTowerModel create(ModelConfig config, Vocabularies vocab, String version) {
        DjlRuntime.forTraining();
        NDManager m = NDManager.newBaseManager("PyTorch");
        var block = new TwoTowerBlock(config, vocab);
        block.initialize(m, DataType.FLOAT32, TowerInputs.shapes(config));
        return new TwoTowerModel(m, block, new FeatureEncoder(config, vocab), ModelMetadata.untrained(version, config));
    }

    /** Loads an artifact folder {@code <root>/two-tower/<version>/} for inference (parameters frozen). */
    public static TwoTowerModel load(Path artifactDir) throws IOException {
        DjlRuntime.forServing();
        ModelMetadata md = ModelMetadata.read(artifactDir);
        if (!ModelMetadata.FORMAT.equals(md.format())) {
            throw new IOException(artifactDir + ": unsupported model format '" + md.format() + "' (expected " + ModelMetadata.FORMAT + ")");
        }
        FileDigests.verify(artifactDir, md.files());
        Vocabularies vocab = Vocabularies.read(artifactDir);
        NDManager m = NDManager.newBaseManager("PyTorch");
        try {
            var block = new TwoTowerBlock(md.config(), vocab);
            block.initialize(m, DataType.FLOAT32, TowerInputs.shapes(md.config()));
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(artifactDir.resolve(PARAMETERS))))) {
                block.loadParameters(m, in);
            } catch (MalformedModelException e) {
                throw new IOException(artifactDir + ": parameters do not match the model configuration: " + e.getMessage(), e);
            }
            block.freezeParameters(true);
            return new TwoTowerModel(m, block, new FeatureEncoder(md.config(), vocab), md);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Loads a version folder (it holds {@code metadata.json}), or the version LATEST names when {@code dir} is a models root. */
    public static TwoTowerModel loadVersionOrLatest(Path dir) throws IOException {
        return Files.exists(dir.resolve(ModelMetadata.FILE)) ? load(dir) : loadLatest(dir);
    }

    /** Loads the version {@code LATEST} names under {@code <root>/two-tower/}. */
    public static TwoTowerModel loadLatest(Path root) throws IOException {
        var store = new ArtifactStore(root);
        String v = store.latest().orElseThrow(() -> new IOException("no two-tower model under " + store.modelsDir()));
        return load(store.versionDir(v));
    }

    /** Writes this model as a new version folder under {@code root}; returns the folder. */
    public Path save(Path root, ModelMetadata md) throws IOException {
        ModelMetadata full = md.withConfig(encoder.config());
        return new ArtifactStore(root).publish(full.version(), dir -> {
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
                block.saveParameters(out);
            }
            encoder.vocabularies().write(dir);
            full.withFiles(FileDigests.of(dir, ModelMetadata.FILE)).write(dir);
        });
    }

    public float[] userEmbedding(UserFeatures user, RequestContext ctx) {
        return userEmbeddings(List.of(encoder.encodeUser(user, ctx)))[0];
    }

    /** Video vectors as of now (the age feature depends on the moment). */
    public float[][] videoEmbeddings(List<VideoFeatures> videos) {
        return videoEmbeddings(videos, Instant.now());
    }

    public float[][] videoEmbeddings(List<VideoFeatures> videos, Instant asOf) {
        var encoded = new ArrayList<EncodedVideo>(videos.size());
        for (VideoFeatures v : videos) encoded.add(encoder.encodeVideo(v, asOf));
        return embedVideos(encoded);
    }

    public float[][] userEmbeddings(List<EncodedUser> users) {
        if (users.isEmpty()) return new float[0][];
        try (NDManager m = manager.newSubManager()) {
            NDArray out = block.userTower(new ParameterStore(m, false), TowerInputs.users(m, users), false);
            return rows(out);
        }
    }

    public float[][] embedVideos(List<EncodedVideo> videos) {
        float[][] out = new float[videos.size()][];
        for (int from = 0; from < videos.size(); from += VIDEO_CHUNK) {
            int to = Math.min(videos.size(), from + VIDEO_CHUNK);
            try (NDManager m = manager.newSubManager()) {
                NDArray emb = block.videoTower(new ParameterStore(m, false), TowerInputs.videos(m, videos.subList(from, to)), false);
                float[][] r = rows(emb);
                System.arraycopy(r, 0, out, from, r.length);
            }
        }
        return out;
    }

    private float[][] rows(NDArray a) {
        int d = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[flat.length / d][d];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    public String version() {
        return metadata.version();
    }

    public int dimension() {
        return encoder.config().dimension();
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public FeatureEncoder encoder() {
        return encoder;
    }

    public TwoTowerBlock block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
