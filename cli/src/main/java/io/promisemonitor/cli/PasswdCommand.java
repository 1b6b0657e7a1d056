package io.promisemonitor.cli;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.web.auth.HtpasswdFile;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Adds a user to the htpasswd file (htpasswd-file in monitor.conf) or changes its password,"
                + " as bcrypt. The password is read from standard input: asked twice on a terminal, read once"
                + " (one line) from a pipe; never from the command line. The web server picks the change up at once.",
            "", "Examples:", "  monitor passwd --instance /srv/slapgrid/slappart3 admin",
            "  printf '%s\\n' \"$PASSWORD\" | monitor passwd --instance /srv/slapgrid/slappart3 admin"})
final class PasswdCommand implements Callable<Integer> {

    /** A longer line from a pipe is a mistake (a whole file piped in), not a password. */
    static final int MAX_PASSWORD = 1024;

    @Mixin
    InstanceOption instance;

    @Parameters(paramLabel = "USER", description = "The user name (no ':' or spaces)")
    String user;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        MonitorConfig monitor = instance.monitor();
        Path file = monitor.settings().get(MonitorKeys.HTPASSWD_FILE);
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw new UserError("user name '" + user + "' is not allowed; allowed: a non-empty name without ':' or"
                    + " spaces", 2);
        }
        char[] password = read();
        try {
            HtpasswdFile.setUser(file, user, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        out.println("password of '" + user + "' set in " + file);
        return 0;
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        char[] password;
        if (console != null) {
            password = console.readPassword("Password for the monitor: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null) {
                throw new UserError("no password given", 1);
            }
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(password, '\0');
                throw new UserError("the two passwords differ; nothing changed", 1);
            }
        } else {
            password = firstLine(System.in);
        }
        if (password.length == 0) {
            throw new UserError("empty password refused; nothing changed", 1);
        }
        return password;
    }

    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_PASSWORD) {
                throw new UserError("the password line is longer than " + MAX_PASSWORD + " bytes; nothing changed",
                        1);
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        char[] chars = new String(bytes, 0, length, StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return chars;
    }
}
