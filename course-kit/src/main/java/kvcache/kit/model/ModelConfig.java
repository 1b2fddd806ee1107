package kvcache.kit.model;

/**
 * The hyperparameters of a Llama-style decoder, as in the header of a llama2.c checkpoint.
 *
 * <p>Build one with {@link #builder()}; {@link Builder#build()} checks that the sizes fit
 * together. Derived sizes: {@code headSize = dim / nHeads}, {@code kvDim = nKvHeads * headSize}
 * (the width of a key or value row) and {@code kvMul = nHeads / nKvHeads} (how many query heads
 * share one key/value head). Instances are immutable.
 */
public final class ModelConfig {

    private final int dim;
    private final int hiddenDim;
    private final int nLayers;
    private final int nHeads;
    private final int nKvHeads;
    private final int vocabSize;
    private final int seqLen;
    private final boolean sharedClassifier;

    private ModelConfig(Builder builder) {
        this.dim = builder.dim;
        this.hiddenDim = builder.hiddenDim;
        this.nLayers = builder.nLayers;
        this.nHeads = builder.nHeads;
        this.nKvHeads = builder.nKvHeads;
        this.vocabSize = builder.vocabSize;
        this.seqLen = builder.seqLen;
        this.sharedClassifier = builder.sharedClassifier;
    }

    /** Returns a builder with no sizes set and a shared classifier. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder preset with every value of this config, to derive a variant. */
    public Builder toBuilder() {
        return new Builder()
                .dim(dim).hiddenDim(hiddenDim).nLayers(nLayers).nHeads(nHeads).nKvHeads(nKvHeads)
                .vocabSize(vocabSize).seqLen(seqLen).sharedClassifier(sharedClassifier);
    }

    /** Returns the width of the residual stream (the embedding size). */
    public int dim() {
        return dim;
    }

    /** Returns the width of the feed-forward hidden layer. */
    public int hiddenDim() {
        return hiddenDim;
    }

    /** Returns the number of transformer layers. */
    public int nLayers() {
        return nLayers;
    }

    /** Returns the number of query heads. */
    public int nHeads() {
        return nHeads;
    }

    /** Returns the number of key/value heads; it divides {@link #nHeads()}. */
    public int nKvHeads() {
        return nKvHeads;
    }

    /** Returns the number of tokens in the vocabulary. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Returns the maximum sequence length (the context length): positions are 0 to seqLen - 1. */
    public int seqLen() {
        return seqLen;
    }

    /** Returns {@code true} when the classifier is the token embedding table itself. */
    public boolean sharedClassifier() {
        return sharedClassifier;
    }

    /** Returns the width of one head: {@code dim / nHeads}. */
    public int headSize() {
        return dim / nHeads;
    }

    /** Returns the width of a key or value row: {@code nKvHeads * headSize}. */
    public int kvDim() {
        return nKvHeads * headSize();
    }

    /** Returns how many query heads share one key/value head: {@code nHeads / nKvHeads}. */
    public int kvMul() {
        return nHeads / nKvHeads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelConfig that
                && dim == that.dim && hiddenDim == that.hiddenDim && nLayers == that.nLayers
                && nHeads == that.nHeads && nKvHeads == that.nKvHeads && vocabSize == that.vocabSize
                && seqLen == that.seqLen && sharedClassifier == that.sharedClassifier;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize, seqLen,
                sharedClassifier);
    }

    @Override
    public String toString() {
        return "ModelConfig[dim=" + dim + ", hiddenDim=" + hiddenDim + ", nLayers=" + nLayers
                + ", nHeads=" + nHeads + ", nKvHeads=" + nKvHeads + ", vocabSize=" + vocabSize
                + ", seqLen=" + seqLen + ", sharedClassifier=" + sharedClassifier + "]";
    }

    /** Collects the sizes of a {@link ModelConfig}; every size must be set before {@link #build()}. */
    public static final class Builder {

        private int dim;
        private int hiddenDim;
        private int nLayers;
        private int nHeads;
        private int nKvHeads;
        private int vocabSize;
        private int seqLen;
        private boolean sharedClassifier = true;

        private Builder() {
        }

        /** Sets the width of the residual stream. */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Sets the width of the feed-forward hidden layer. */
        public Builder hiddenDim(int hiddenDim) {
            this.hiddenDim = hiddenDim;
            return this;
        }

        /** Sets the number of transformer layers. */
        public Builder nLayers(int nLayers) {
            this.nLayers = nLayers;
            return this;
        }

        /** Sets the number of query heads. */
        public Builder nHeads(int nHeads) {
            this.nHeads = nHeads;
            return this;
        }

        /** Sets the number of key/value heads. */
        public Builder nKvHeads(int nKvHeads) {
            this.nKvHeads = nKvHeads;
            return this;
        }

        /** Sets the number of tokens in the vocabulary. */
        public Builder vocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        /** Sets the maximum sequence length. */
        public Builder seqLen(int seqLen) {
            this.seqLen = seqLen;
            return this;
        }

        /** Sets whether the classifier is the token embedding table (default {@code true}). */
        public Builder sharedClassifier(boolean sharedClassifier) {
            this.sharedClassifier = sharedClassifier;
            return this;
        }

        /**
         * Checks the sizes and creates the config.
         *
         * @throws IllegalArgumentException if a size is not positive, if {@code nKvHeads} does not
         *     divide {@code nHeads}, if {@code nHeads} does not divide {@code dim}, or if the head
         *     size is odd (RoPE rotates pairs of columns); the message names the value and the limit
         */
        public ModelConfig build() {
            requirePositive("dim", dim);
            requirePositive("hiddenDim", hiddenDim);
            requirePositive("nLayers", nLayers);
            requirePositive("nHeads", nHeads);
            requirePositive("nKvHeads", nKvHeads);
            requirePositive("vocabSize", vocabSize);
            requirePositive("seqLen", seqLen);
            if (nHeads % nKvHeads != 0) {
                throw new IllegalArgumentException("Invalid nKvHeads " + nKvHeads + ": it must divide nHeads "
                        + nHeads + ", so that each key/value head serves the same number of query heads");
            }
            if (dim % nHeads != 0) {
                throw new IllegalArgumentException("Invalid nHeads " + nHeads + ": it must divide dim " + dim
                        + ", so that every head has the same size");
            }
            if ((dim / nHeads) % 2 != 0) {
                throw new IllegalArgumentException("Invalid head size " + (dim / nHeads) + " (dim " + dim
                        + " / nHeads " + nHeads + "): it must be even, because RoPE rotates pairs of columns");
            }
            return new ModelConfig(this);
        }

        private static void requirePositive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("Invalid " + name + " " + value + ": it must be at least 1");
            }
        }
    }
}
