package dev.mercato.notifications;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.mercato.notifications.internal.NotificationsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Renders an email's subject, text and HTML from Mustache templates, inside a layout that carries
 * the platform's name and colour. Values in the HTML are escaped by Mustache ({@code {{value}}}),
 * so a listing title or a support message cannot add markup; only the layout takes the already
 * rendered body unescaped.
 */
@Component
class MailTemplates {

    record Rendered(String subject, String text, String html) {
    }

    private record Compiled(Template subject, Template text, Template html) {
    }

    private final Mustache.Compiler plain = Mustache.compiler().escapeHTML(false).nullValue("");
    private final Mustache.Compiler html = Mustache.compiler().nullValue("");
    private final Map<MailTemplate, Compiled> templates = new EnumMap<>(MailTemplate.class);
    private final Template textLayout;
    private final Template htmlLayout;
    private final Map<String, Object> platform;

    MailTemplates(NotificationsProperties settings) {
        for (MailTemplate template : MailTemplate.values()) {
            templates.put(template, new Compiled(plain.compile(template.subject()),
                    plain.compile(read(template.code() + ".txt")), html.compile(read(template.code() + ".html"))));
        }
        textLayout = plain.compile(read("layout.txt"));
        htmlLayout = html.compile(read("layout.html"));
        platform = Map.of("platform_name", settings.platformName(), "brand_color", settings.brandColor());
    }

    Rendered render(MailTemplate template, Map<String, Object> model) {
        Compiled compiled = templates.get(template);
        Map<String, Object> values = new HashMap<>(model);
        values.putAll(platform);
        values.put("can_opt_out", template.category().optional());
        // A subject is one header line, whatever a value in it holds.
        String subject = compiled.subject().execute(values).replaceAll("\\p{Cntrl}|[\u2028\u2029]", " ").strip();
        values.put("subject", subject);
        Map<String, Object> textPage = new HashMap<>(values);
        textPage.put("content", compiled.text().execute(values));
        Map<String, Object> htmlPage = new HashMap<>(values);
        htmlPage.put("content", compiled.html().execute(values));
        return new Rendered(subject, textLayout.execute(textPage), htmlLayout.execute(htmlPage));
    }

    private static String read(String name) {
        try (InputStream in = new ClassPathResource("mail/" + name + ".mustache").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing email template mail/" + name + ".mustache", e);
        }
    }
}
