package dev.stagegraph.serve;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MJPEG viewer over a raw socket with a small receive buffer, so that a viewer that reads
 * slowly pushes back on the server as a slow network client would. Reads the response head, then
 * one part at a time. Single-threaded.
 */
final class MjpegClient implements AutoCloseable {
    /** One part: the stream's frame number and the JPEG. */
    record Part(long number, byte[] jpeg) {}

    private final Socket socket;
    private final DataInputStream in;
    final String head;

    MjpegClient(URI base) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.setSoTimeout(30_000);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /stream.mjpg HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        StringBuilder h = new StringBuilder();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            h.append(line).append('\n');
        }
        head = h.toString();
    }

    /** Reads the next part; the chunked transfer coding of HTTP/1.1 is undone on the way. */
    Part next() throws IOException {
        String boundary = chunkedLine();
        while (boundary.isEmpty()) {
            boundary = chunkedLine();
        }
        if (!boundary.equals("--" + MjpegHandler.BOUNDARY)) {
            throw new IOException("expected the boundary, got '" + boundary + "'");
        }
        long length = -1;
        long number = -1;
        for (String line = chunkedLine(); !line.isEmpty(); line = chunkedLine()) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("x-frame:")) {
                number = Long.parseLong(line.substring(8).trim());
            }
        }
        byte[] jpeg = chunkedBytes((int) length);
        return new Part(number, jpeg);
    }

    // The body is chunked: keep the bytes of the current chunk here.
    private int chunkLeft;

    private int chunkedByte() throws IOException {
        if (chunkLeft == 0) {
            String size = line(in);
            if (size.isEmpty()) {
                size = line(in);
            }
            chunkLeft = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (chunkLeft == 0) {
                throw new EOFException("the stream ended");
            }
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection closed");
        }
        chunkLeft--;
        if (chunkLeft == 0) {
            line(in);
        }
        return b;
    }

    private String chunkedLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = chunkedByte(); c != '\n'; c = chunkedByte()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private byte[] chunkedBytes(int n) throws IOException {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) chunkedByte();
        }
        return out;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
