package io.promisemonitor.promises.pagekite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubberTest {

    static Stream<Arguments> linesWithPrivateData() {
        return Stream.of(
                // name=value and name: value, with the names of the issue and their kin
                Arguments.of("ll=DEBUG; password=hunter2 in config", "ll=DEBUG; password=[scrubbed] in config"),
                Arguments.of("passwd = hunter2", "passwd = [scrubbed]"),
                Arguments.of("pwd: hunter2", "pwd: [scrubbed]"),
                Arguments.of("kitesecret = k1t3s3cr3t", "kitesecret = [scrubbed]"),
                Arguments.of("token=tok_5f3a9c77e1 accepted", "token=[scrubbed] accepted"),
                Arguments.of("key=AKIA1234 region=eu", "key=[scrubbed] region=eu"),
                Arguments.of("api_key=abc123 apikey=def456 X-Api-Key: ghi789",
                        "api_key=[scrubbed] apikey=[scrubbed] X-Api-Key: [scrubbed]"),
                Arguments.of("accessToken=abc; db.password=x; auth=xyz",
                        "accessToken=[scrubbed]; db.password=[scrubbed]; auth=[scrubbed]"),
                Arguments.of("session=c00kie42 sessionid=s1 credentials=u:p", "session=[scrubbed] sessionid=[scrubbed]"
                        + " credentials=[scrubbed]"),
                Arguments.of("password=\"two words\" next=1", "password=\"[scrubbed]\" next=1"),
                Arguments.of("ll=DEBUG; login: alice-the-user connected", "ll=DEBUG; login: [scrubbed] connected"),
                // JSON and Python dicts: quoted names, either quote, spaces around the colon
                Arguments.of("{\"passwd\": \"x\", \"port\": 80}", "{\"passwd\": \"[scrubbed]\", \"port\": 80}"),
                Arguments.of("{'secret': 'y', 'kite': 'kite.test'}", "{'secret': '[scrubbed]', 'kite': 'kite.test'}"),
                Arguments.of("\"token\" : \"z\"", "\"token\" : \"[scrubbed]\""),
                Arguments.of("{\"auth\":{\"user\":\"bob\"},\"apiKey\":12345}",
                        "{\"auth\":{\"user\":\"[scrubbed]\"},\"apiKey\":[scrubbed]}"),
                Arguments.of("{\"Authorization\": \"Bearer abc.def\", \"Accept\": \"*/*\"}",
                        "{\"Authorization\": \"[scrubbed]\", \"Accept\": \"*/*\"}"),
                Arguments.of("headers={'Cookie': 'a=b; c=d'}", "headers={'Cookie': '[scrubbed]'}"),
                Arguments.of("{\"password\": \"say \\\"hi\\\"\"}", "{\"password\": \"[scrubbed]\"}"),
                // HTTP headers as written on the wire
                Arguments.of("Authorization: Bearer x", "Authorization: [scrubbed]"),
                Arguments.of("> Proxy-Authorization: Basic YWxpY2U6aHVudGVyMg==", "> Proxy-Authorization: [scrubbed]"),
                Arguments.of("Cookie: a=b", "Cookie: [scrubbed]"),
                Arguments.of("GET / HTTP/1.1 Cookie: session=c00kie-value-42", "GET / HTTP/1.1 Cookie: [scrubbed]"),
                Arguments.of("Set-Cookie: sid=31d4d96e407aad42; Path=/", "Set-Cookie: [scrubbed]"),
                // query strings and URL credentials
                Arguments.of("GET /report?token=abc&x=1 HTTP/1.1", "GET /report?token=[scrubbed]&x=1 HTTP/1.1"),
                Arguments.of("https://relay.example/cb?user=bob&sig=9f8e&page=2",
                        "https://relay.example/cb?user=[scrubbed]&sig=[scrubbed]&page=2"),
                Arguments.of("fetching https://carol:pa55w0rd@relay.example/ now",
                        "fetching https://[scrubbed]@relay.example/ now"),
                Arguments.of("ftp://user:pass@host/file", "ftp://[scrubbed]@host/file"),
                // bearer and basic credentials and JSON web tokens wherever they are
                Arguments.of("sent bearer 9f8e7d6c5b4a to the relay", "sent bearer [scrubbed] to the relay"),
                Arguments.of("using Basic YWxpY2U6aHVudGVyMg== now", "using Basic [scrubbed] now"),
                Arguments.of("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-abc done", "jwt [scrubbed] done"),
                // command lines
                Arguments.of("pagekite.py --clean --password hunter2 --kite=kite.test",
                        "pagekite.py --clean --password [scrubbed] --kite=kite.test"),
                Arguments.of("pagekite.py --password=hunter2 --api-key 'k e y'",
                        "pagekite.py --password=[scrubbed] --api-key '[scrubbed]'"),
                Arguments.of("pagekite.py --secret='s p a c e' --defaults",
                        "pagekite.py --secret='[scrubbed]' --defaults"),
                // PageKite's kite secrets
                Arguments.of("service_on = http:kite.test:localhost:80:s3rv1ce-s3cret",
                        "service_on = http:kite.test:localhost:80:[scrubbed]"),
                Arguments.of("args: --service_on=http:kite.test:localhost:80:s3cr3t --clean",
                        "args: --service_on=http:kite.test:localhost:80:[scrubbed] --clean"),
                // e-mail addresses
                Arguments.of("mail from bob.smith@example.org bounced", "mail from [email] bounced"));
    }

    @ParameterizedTest
    @MethodSource("linesWithPrivateData")
    void privateDataIsReplacedWhateverShapeItIsWrittenIn(String line, String scrubbed) {
        assertThat(Scrubber.line(line)).isEqualTo(scrubbed);
    }

    @Test
    void aVeryLongLineIsCutBeforeAnyRuleReadsIt() {
        String line = "GET /" + "a-".repeat(100_000) + " HTTP/1.1 password=hunter2";

        String scrubbed = Scrubber.line(line);

        assertThat(scrubbed).hasSize(Scrubber.MAX_LINE + " [195935 characters cut]".length())
                .startsWith("GET /a-a-a-").endsWith("-a-a [195935 characters cut]").doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ts=1; ll=INFO; msg=tunnel established to relay",
        "2026-11-21 10:00:00 kite kite.test is flying; eof=1; id=s12; proto=http; port=80",
        "Connecting to front-end relay 203.0.113.5:443 ...",
        "GET /index.html?page=2&sort=name HTTP/1.1",
        "keyboard: us; monkey=3; author: bob; passenger=2; bypass=yes; hotkey=F5; keys are fine",
        "{\"status\": \"ok\", \"kite\": \"kite.test\", \"latency_ms\": 42}",
        "basic checks passed; the bearer of bad news; token refreshed at 12:00:00",
        "Traceback (most recent call last): File \"/usr/lib/pagekite/pk.py\", line 12, in <module>",
        "url=https://pagekite.net/offline/?&where=FE&proto=http&domain=kite.test"})
    void aLineWithoutPrivateDataIsKeptWhole(String line) {
        assertThat(Scrubber.line(line)).isEqualTo(line);
    }
}
