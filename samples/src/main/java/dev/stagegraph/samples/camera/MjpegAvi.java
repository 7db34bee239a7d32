package dev.stagegraph.samples.camera;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes JPEG images, already encoded, as the frames of an MJPEG AVI file (AVI 1.0: RIFF headers,
 * one {@code movi} list of {@code 00dc} chunks, an {@code idx1} index), which OpenCV's own AVI
 * reader and FFmpeg both play.
 *
 * <p>Why not OpenCV's {@code VideoWriter}: it encodes inside {@code write(Mat)}, and only the sink,
 * which sees frames one at a time in order, may write; so the JPEG encoding, the most expensive step
 * of the output, would run on one thread. Taking encoded bytes lets a replicated stage encode and
 * leaves the sink only the copying.
 *
 * <p>Headers are written last, when the frame count and sizes are known. Not thread-safe: the sink
 * calls it.
 */
final class MjpegAvi implements AutoCloseable {
    /** Where the {@code movi} list starts: right after the fixed headers. */
    private static final int MOVI = 212;
    private static final long MAX_BYTES = 0xFFFF_FFFFL;

    private final FileChannel file;
    private final int width;
    private final int height;
    private final double fps;
    private final ByteArrayOutputStream index = new ByteArrayOutputStream();
    private final ByteBuffer chunk = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private int frames;
    private int largest;

    /**
     * Creates or replaces the file.
     *
     * @param path the file
     * @param width the frames' width in pixels
     * @param height the frames' height in pixels
     * @param fps the playback rate
     * @throws IOException if the file cannot be created
     */
    MjpegAvi(Path path, int width, int height, double fps) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.width = width;
        this.height = height;
        this.fps = fps;
        file.position(MOVI + 12);
    }

    /**
     * Appends one frame.
     *
     * @param jpeg a JPEG image of the file's size
     * @throws IOException if writing fails or the file would pass the AVI 1.0 limit of 4 GiB
     */
    void write(byte[] jpeg) throws IOException {
        long at = file.position();
        if (at + jpeg.length + 16L * (frames + 2) > MAX_BYTES) {
            throw new IOException("the video passed 4 GiB, the most an AVI 1.0 file holds: write fewer frames (--frames)");
        }
        chunk.clear();
        chunk.put(fourcc("00dc")).putInt(jpeg.length).flip();
        file.write(chunk);
        file.write(ByteBuffer.wrap(jpeg));
        if ((jpeg.length & 1) == 1) {
            file.write(ByteBuffer.wrap(new byte[1]));
        }
        chunk.clear();
        chunk.put(fourcc("00dc")).putInt(0x10).putInt((int) (at - (MOVI + 8))).putInt(jpeg.length);
        index.write(chunk.array(), 0, 16);
        frames++;
        largest = Math.max(largest, jpeg.length);
    }

    /**
     * How many frames were written.
     *
     * @return the count
     */
    int frames() {
        return frames;
    }

    /** Writes the index and the headers, and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            long moviEnd = file.position();
            ByteBuffer idx = ByteBuffer.allocate(8 + index.size()).order(ByteOrder.LITTLE_ENDIAN);
            idx.put(fourcc("idx1")).putInt(index.size()).put(index.toByteArray()).flip();
            file.write(idx);
            file.write(headers(file.position(), moviEnd), 0);
        } finally {
            file.close();
        }
    }

    private ByteBuffer headers(long end, long moviEnd) {
        boolean whole = Math.abs(fps - Math.rint(fps)) < 1e-9;
        int scale = whole ? 1 : 1000;
        int rate = (int) Math.round(fps * scale);
        ByteBuffer b = ByteBuffer.allocate(MOVI + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc("RIFF")).putInt((int) (end - 8)).put(fourcc("AVI "));
        b.put(fourcc("LIST")).putInt(MOVI - 20).put(fourcc("hdrl"));
        b.put(fourcc("avih")).putInt(56);
        b.putInt((int) Math.round(1e6 / fps)).putInt((int) Math.ceil(largest * fps)).putInt(0).putInt(0x10).putInt(frames)
                .putInt(0).putInt(1).putInt(largest).putInt(width).putInt(height).putInt(0).putInt(0).putInt(0).putInt(0);
        b.put(fourcc("LIST")).putInt(MOVI - 96).put(fourcc("strl"));
        b.put(fourcc("strh")).putInt(56);
        b.put(fourcc("vids")).put(fourcc("MJPG")).putInt(0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(scale)
                .putInt(rate).putInt(0).putInt(frames).putInt(largest).putInt(-1).putInt(0);
        b.putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
        b.put(fourcc("strf")).putInt(40);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).put(fourcc("MJPG"))
                .putInt(width * height * 3).putInt(0).putInt(0).putInt(0).putInt(0);
        b.put(fourcc("LIST")).putInt((int) (moviEnd - (MOVI + 8))).put(fourcc("movi"));
        return b.flip();
    }

    private static byte[] fourcc(String code) {
        return code.getBytes(StandardCharsets.US_ASCII);
    }
}
