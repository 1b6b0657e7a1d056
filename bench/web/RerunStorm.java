import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rerun storm: N POSTs spread evenly over S seconds for one service, with a login. Counts the answers, then
 * reads the service's runs file (a "start" and an "end" line per run) to check runs never overlapped.
 * Arguments: URL USER PASSWORD N SECONDS RUNS_FILE.
 */
public final class RerunStorm {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2])
                .getBytes(StandardCharsets.UTF_8));
        int count = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Path runs = Path.of(args[5]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        long start = System.nanoTime();
        long interval = seconds * 1_000_000_000L / count;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build();
            sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> {
                        answers.merge(e != null ? "error " + e.getClass().getSimpleName() : String.valueOf(r.statusCode()),
                                1, Integer::sum);
                        return null;
                    }));
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        // let the last accepted run finish
        Thread.sleep(1500);
        List<String> lines = Files.exists(runs) ? Files.readAllLines(runs) : List.of();
        int started = 0;
        int overlaps = 0;
        int open = 0;
        for (String line : lines) {
            if (line.equals("start")) {
                started++;
                if (open > 0) {
                    overlaps++;
                }
                open++;
            } else if (line.equals("end")) {
                open--;
            }
        }
        Map<String, Integer> sorted = new TreeMap<>(answers);
        int good = sorted.getOrDefault("202", 0) + sorted.getOrDefault("409", 0);
        System.err.printf("rerun storm: %d POSTs in %.1fs, answers %s, %d runs, %d overlapping%n", count, elapsed,
                sorted, started, overlaps);
        System.out.printf("RESULT\tweb\trerun storm: 202/409 answers\t%d\tanswers\tPOSTs sent\t%d\t%.2f\t= 1.00"
                + " (no other answer)%n", good, count, good / (double) count);
        System.out.printf("RESULT\tweb\trerun storm: overlapping runs\t%d\truns\truns started\t%d\t%.2f\t= 0%n",
                overlaps, started, started == 0 ? 0.0 : overlaps / (double) started);
    }
}
