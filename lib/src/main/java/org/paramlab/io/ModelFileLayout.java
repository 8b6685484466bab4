package org.paramlab.io;

import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where the bytes of a model file go: the header, each tensor's description, its scales, its mask
 * or index, its values, and the checksum, with each part's share of the file.
 */
final class ModelFileLayout {

    private ModelFileLayout() { }

    static Table of(String fileName, List<StoredTensor> tensors, int version, long total) {
        StringColumn part = StringColumn.create("part");
        LongColumn bytes = LongColumn.create("bytes");
        part.append("header: magic, version, length, count");
        bytes.append(ModelFileCodec.HEADER_BYTES);
        for (StoredTensor t : tensors) {
            String shape = t.rows() + "x" + t.cols();
            if (version == 1) {
                part.append(t.name() + ": name, role, shape");
                bytes.append(11 + t.nameBytes());
                part.append(t.name() + ": " + t.count() + " values (" + shape + ", float32)");
                bytes.append(4L * t.count());
                continue;
            }
            part.append(t.name() + ": name, role, shape, type");
            bytes.append(t.descriptionBytes());
            if (t.scaleBytes() > 0) {
                part.append(t.name() + ": " + t.groups() + (t.symmetric() ? " FP16 scales" : " FP16 scales and zero points"));
                bytes.append(t.scaleBytes());
            }
            if (t.indexBytes() > 0) {
                part.append(t.name() + ": " + (t.storage() == StoredTensor.Storage.MASK
                        ? "mask, 1 bit per position" : t.storedValues() + " positions"));
                bytes.append(t.indexBytes());
            }
            part.append(t.name() + ": " + t.storedValues() + " values (" + shape + ", " + t.label() + ")");
            bytes.append(t.valueBytes());
        }
        part.append("checksum: CRC32");
        bytes.append(ModelFileCodec.CHECKSUM_BYTES);
        DoubleColumn share = DoubleColumn.create("share");
        for (int i = 0; i < bytes.size(); i++) {
            share.append((double) bytes.getLong(i) / total);
        }
        return Table.create(fileName + ": " + total + " bytes", part, bytes, share);
    }
}
