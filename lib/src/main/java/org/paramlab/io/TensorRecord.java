package org.paramlab.io;

/**
 * Where the bytes of one tensor's record in a model file go, as the codec writes them: its description
 * (name, role, shape, type, storage), its scales (and zero points), its mask or positions, and its values.
 * {@link ModelFile#record(StoredTensor)} gives it; the file layout table and the error tables print it.
 */
public record TensorRecord(long description, long scales, long positions, long values) {

    /** Every byte of the record. */
    public long total() {
        return description + scales + positions + values;
    }

    /** The record without its description: what the numbers themselves cost (scales, positions, values). */
    public long numbers() {
        return scales + positions + values;
    }
}
