package dev.mercato.webhooks;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.MercatoProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Which URLs Mercato will POST events to: http or https, no credentials, never Mercato itself (a
 * local address on one of its own ports — a loop that would feed events back into its API), and,
 * when private addresses are not allowed, nothing on an internal network. Checked when an endpoint
 * is registered and again before each attempt, because what a host name resolves to can change.
 */
@Component
class EndpointUrls implements ApplicationListener<WebServerInitializedEvent> {

    static final int MAX_LENGTH = 2048;

    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
    private final boolean allowPrivate;

    EndpointUrls(WebhooksProperties properties, MercatoProperties mercato) {
        this.allowPrivate = properties.allowPrivateAddresses() != null ? properties.allowPrivateAddresses()
                : !mercato.production();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        ownPorts.add(event.getWebServer().getPort());
    }

    /** The URL, checked; a 400 problem saying what is wrong otherwise. */
    URI check(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("url must start with https:// or http://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry credentials (user:password@); receivers verify the signature instead");
        }
        refusal(uri).ifPresent(reason -> {
            throw reason;
        });
        return uri;
    }

    /** Why Mercato will not send to this URL now, if it will not. */
    Optional<ApiException> refusal(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host(uri));
        } catch (UnknownHostException e) {
            return Optional.of(invalid("the host " + uri.getHost() + " does not resolve"));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        for (InetAddress address : addresses) {
            if (isLocal(address) && ownPorts.contains(port)) {
                return Optional.of(ApiException.invalid("webhook_url_is_mercato",
                        "url points at this Mercato service itself (" + address.getHostAddress() + ":" + port + ")"));
            }
            if (!allowPrivate && isPrivate(address)) {
                return Optional.of(ApiException.invalid("private_webhook_url", "url resolves to the internal address "
                        + address.getHostAddress() + "; private addresses are not allowed (mercato.webhooks.allow-private-addresses)"));
            }
        }
        return Optional.empty();
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isPrivate(InetAddress address) {
        if (isLocal(address) || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128); // 0.0.0.0/8, shared 100.64.0.0/10
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid("invalid_webhook_url", message);
    }
}
