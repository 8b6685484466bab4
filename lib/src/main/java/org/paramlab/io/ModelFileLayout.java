package org.paramlab.io;

import static org.paramlab.core.Language.label;

import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where the bytes of a model file go: the header, each tensor's description, its scales, its mask
 * or index, its values, and the checksum, with each part's share of the file. Its words follow
 * {@code Language.use} (the numbers are the same tokens in either language).
 */
final class ModelFileLayout {

    private ModelFileLayout() { }

    static Table of(String fileName, List<StoredTensor> tensors, int version, long total) {
        StringColumn part = StringColumn.create(label("part"));
        LongColumn bytes = LongColumn.create(label("bytes"));
        part.append(label("header: magic, version, length, count"));
        bytes.append(ModelFileCodec.HEADER_BYTES);
        for (StoredTensor t : tensors) {
            String shape = t.rows() + "x" + t.cols();
            TensorRecord record = ModelFileCodec.record(t, version);
            if (version == 1) {
                part.append(label("%s: name, role, shape", t.name()));
                bytes.append(record.description());
                part.append(label("%s: %d values (%s, float32)", t.name(), t.count(), shape));
                bytes.append(record.values());
                continue;
            }
            part.append(label("%s: name, role, shape, type", t.name()));
            bytes.append(record.description());
            if (record.scales() > 0) {
                part.append(t.symmetric() ? label("%s: %d FP16 scales", t.name(), t.groups())
                        : label("%s: %d FP16 scales and zero points", t.name(), t.groups()));
                bytes.append(record.scales());
            }
            if (record.positions() > 0) {
                part.append(t.storage() == StoredTensor.Storage.MASK ? label("%s: mask, 1 bit per position", t.name())
                        : label("%s: %d positions", t.name(), t.storedValues()));
                bytes.append(record.positions());
            }
            part.append(label("%s: %d values (%s, %s)", t.name(), t.storedValues(), shape, t.label()));
            bytes.append(record.values());
        }
        part.append(label("checksum: CRC32"));
        bytes.append(ModelFileCodec.CHECKSUM_BYTES);
        DoubleColumn share = DoubleColumn.create(label("share"));
        for (int i = 0; i < bytes.size(); i++) {
            share.append((double) bytes.getLong(i) / total);
        }
        return Table.create(label("%s: %d bytes", fileName, total), part, bytes, share);
    }
}
