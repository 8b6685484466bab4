package org.paramlab.kernel.eval;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redirects {@code System.exit(int)} calls in compiled cell code to {@link ExitGuard#exit(int)}.
 *
 * <p>It edits only the class file's constant pool: every {@code Methodref java/lang/System.exit:(I)V}
 * is pointed at a new {@code Class org/paramlab/kernel/eval/ExitGuard} entry appended to the pool.
 * Calls and method references ({@code System::exit}) both go through that Methodref, and no
 * bytecode offsets change. This works the same on every JDK, unlike a SecurityManager.
 */
public final class ExitCallRewriter {

    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

    private ExitCallRewriter() {
    }

    public static byte[] rewrite(byte[] classFile) {
        try {
            byte[] rewritten = rewriteOrNull(classFile);
            return rewritten == null ? classFile : rewritten;
        } catch (RuntimeException | IOException unexpected) {
            return classFile; // never break a cell because of this safety net
        }
    }

    private static byte[] rewriteOrNull(byte[] classFile) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8); // magic, minor, major
        int count = Short.toUnsignedInt(in.getShort());
        int[] tags = new int[count];
        int[] offsets = new int[count];
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            offsets[i] = in.position();
            int tag = Byte.toUnsignedInt(in.get());
            tags[i] = tag;
            switch (tag) {
                case 1 -> { // Utf8
                    int length = Short.toUnsignedInt(in.getShort());
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    utf8[i] = new String(bytes, StandardCharsets.UTF_8); // plain ASCII names are all we compare
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                case 5, 6 -> { // Long and Double take two slots
                    in.position(in.position() + 8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        int poolEnd = in.position();

        List<Integer> exitCalls = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 10 && isSystemExit(classFile, offsets[i], tags, offsets, utf8)) {
                exitCalls.add(i);
            }
        }
        if (exitCalls.isEmpty()) {
            return null;
        }

        byte[] patched = classFile.clone();
        int guardClassIndex = count + 1; // new Utf8 at index count, new Class at count + 1
        for (int methodref : exitCalls) {
            patched[offsets[methodref] + 1] = (byte) (guardClassIndex >> 8);
            patched[offsets[methodref] + 2] = (byte) guardClassIndex;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(patched, 0, 8);
        out.writeShort(count + 2);
        out.write(patched, 10, poolEnd - 10);
        out.writeByte(1);
        out.writeUTF(GUARD);
        out.writeByte(7);
        out.writeShort(count);
        out.write(patched, poolEnd, patched.length - poolEnd);
        return bytes.toByteArray();
    }

    private static boolean isSystemExit(byte[] b, int offset, int[] tags, int[] offsets, String[] utf8) {
        int classIndex = u2(b, offset + 1);
        int nameAndType = u2(b, offset + 3);
        if (tags[classIndex] != 7 || tags[nameAndType] != 12) {
            return false;
        }
        String owner = utf8[u2(b, offsets[classIndex] + 1)];
        String name = utf8[u2(b, offsets[nameAndType] + 1)];
        String descriptor = utf8[u2(b, offsets[nameAndType] + 3)];
        return "java/lang/System".equals(owner) && "exit".equals(name) && "(I)V".equals(descriptor);
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
