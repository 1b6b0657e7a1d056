package io.promisemonitor.core.io;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Binds a class's native methods to glibc through JNA's direct mapping, for the classes that call it. */
public final class Glibc {

    /**
     * JNA's list of system library folders, which it otherwise builds when its first library loads by running
     * {@code /sbin/ldconfig -p} (a process started, 10 to 20 ms of every one-shot run). Only glibc is loaded, by its
     * exact name, which the dynamic loader finds through its own cache: the folders are not needed. An empty value,
     * unless the operator set one.
     */
    public static final String JNA_LIBRARY_FOLDERS = "jna.platform.library.path";

    private Glibc() {
    }

    /**
     * Binds the native methods of {@code calls} (a JNI call each, no proxy and no reflection per call); fails with a
     * {@link LinkageError} when JNA or one of the symbols is missing.
     */
    public static void register(Class<?> calls) {
        if (System.getProperty(JNA_LIBRARY_FOLDERS) == null) {
            System.setProperty(JNA_LIBRARY_FOLDERS, "");
        }
        Native.register(calls, Platform.C_LIBRARY_NAME);
    }

    /**
     * The path as a C string (its bytes and a NUL), or null when it is not plain printable ASCII: its bytes would
     * depend on a locale, and such a path takes the Java way instead.
     */
    public static byte[] asciiPath(String path) {
        byte[] out = new byte[path.length() + 1];
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /**
     * {@code "<os> <arch>"} when this is not one of the 64-bit Linux systems whose flags and struct layouts the
     * native calls of the monitor use (amd64, aarch64, riscv64); empty on those.
     */
    public static Optional<String> otherPlatform() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.equals("Linux") && List.of("amd64", "x86_64", "aarch64", "riscv64").contains(arch)
                ? Optional.empty() : Optional.of(os + " " + arch);
    }

    /** glibc's {@code errno} after the last native call of this thread. */
    public static int errno() {
        return Native.getLastError();
    }
}
