package dev.mercato.referrals.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.referrals.Referral;
import dev.mercato.referrals.ReferralProgram;
import dev.mercato.referrals.ReferralReward;
import dev.mercato.referrals.ReferralStats;
import dev.mercato.referrals.Referrals;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Referrals over HTTP (docs/referrals.md): the caller's code, link and figures; claims by referred
 * users; the program and the operators' statistics.
 *
 * <p>The address a request comes from counts for the self-referral checks only when a user calls
 * with their own key. The platform's backend, calling with an admin key on behalf of a user, names
 * the user's address in {@code X-Client-IP} (its own address says nothing about the user); the
 * device fingerprint comes in {@code X-Device-Fingerprint} either way.
 */
@RestController
class ReferralController {

    static final String CLIENT_IP = "X-Client-IP";
    static final String DEVICE = "X-Device-Fingerprint";
    private static final int MAX_IP = 64;
    private static final int MAX_DEVICE = 512;

    private final Referrals referrals;

    ReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    record ClaimBody(String code) {
    }

    record RewardView(String id, String userId, String side, String kind, String asset, long amount, String status,
            long paid, long clawedBack, long unrecovered, String paidReference, Instant paidAt, Instant clawedBackAt) {

        static RewardView of(ReferralReward r) {
            return new RewardView(r.id(), r.userId(), r.side(), r.kind(), r.asset(), r.amount(), r.status(), r.paid(),
                    r.clawedBack(), r.unrecovered(), r.paidReference(), r.paidAt(), r.clawedBackAt());
        }
    }

    record ReferralView(String id, String object, String referrerId, String referredId, String code, String status,
            String rejectionReason, String qualifyOn, String orderId, Instant claimedAt, Instant qualifiedAt,
            Instant vestsAt, Instant rewardedAt, Instant clawedBackAt, String lastError, List<RewardView> rewards) {
    }

    record Held(String asset, long amount) {
    }

    record MeView(String object, String userId, String code, String link, ReferralView referred, ReferralStats stats,
            List<Held> vesting) {
    }

    record ProgramBody(String qualifyOn, Long referrerCredits, Long referredCredits, Boolean referrerTokens,
            Boolean referredTokens, Integer vestingDays, Integer monthlyCap, Integer matchWindowDays,
            Integer claimWindowDays) {
    }

    record ProgramView(String object, String qualifyOn, long referrerCredits, long referredCredits,
            boolean referrerTokens, boolean referredTokens, int vestingDays, Integer monthlyCap, int matchWindowDays,
            int claimWindowDays, Instant updatedAt) {

        static ProgramView of(ReferralProgram p) {
            return new ProgramView("referral_program", p.qualifyOn().code(), p.referrerCredits(), p.referredCredits(),
                    p.referrerTokens(), p.referredTokens(), p.vestingDays(), p.monthlyCap(), p.matchWindowDays(),
                    p.claimWindowDays(), p.updatedAt());
        }
    }

    /** The caller's code (made on first ask), link and figures; records the address and device they call from. */
    @GetMapping("/v1/referrals/me")
    MeView me(Caller caller, HttpServletRequest request, @RequestHeader(name = DEVICE, required = false) String device) {
        String user = caller.userId();
        String code = referrals.code(user);
        referrals.seen(user, clientIp(caller, request), checkedDevice(device));
        List<Held> vesting = referrals.heldAssets().stream()
                .map(asset -> new Held(asset, referrals.held(user, asset))).toList();
        return new MeView("referral_summary", user, code, referrals.link(code),
                referrals.referralOf(user).map(this::view).orElse(null), referrals.stats(user), vesting);
    }

    /** The referred user claims a code: 201 with the new referral, 200 when the same claim was made before. */
    @PostMapping("/v1/referrals/claim")
    ResponseEntity<ReferralView> claim(Caller caller, HttpServletRequest request, @RequestBody ClaimBody body,
            @RequestHeader(name = DEVICE, required = false) String device) {
        if (caller.admin()) {
            throw ApiException.forbidden("a claim is made by the referred user: their key, or an admin key on behalf of them");
        }
        Referrals.Claimed claimed = referrals.claim(caller.userId(), body.code(), clientIp(caller, request),
                checkedDevice(device));
        return ResponseEntity.status(claimed.created() ? 201 : 200).body(view(claimed.referral()));
    }

    /** The whole program's figures: referrals per status, rejections per reason, rewards, top referrers. */
    @GetMapping("/v1/referrals/stats")
    ReferralStats stats(Caller caller) {
        caller.requireAdmin();
        return referrals.stats(null);
    }

    @GetMapping("/v1/referrals/program")
    ProgramView program(Caller caller) {
        return ProgramView.of(referrals.program());
    }

    /** Replaces the program; a field left out keeps its current value. */
    @PutMapping("/v1/referrals/program")
    ProgramView saveProgram(Caller caller, @RequestBody ProgramBody body) {
        caller.requireAdmin();
        ReferralProgram now = referrals.program();
        return ProgramView.of(referrals.saveProgram(ReferralProgram.checked(
                body.qualifyOn() == null ? now.qualifyOn() : ReferralProgram.Qualification.of(body.qualifyOn()),
                or(body.referrerCredits(), now.referrerCredits()), or(body.referredCredits(), now.referredCredits()),
                or(body.referrerTokens(), now.referrerTokens()), or(body.referredTokens(), now.referredTokens()),
                or(body.vestingDays(), now.vestingDays()), body.monthlyCap() == null ? now.monthlyCap()
                        : body.monthlyCap() == 0 ? null : body.monthlyCap(),
                or(body.matchWindowDays(), now.matchWindowDays()), or(body.claimWindowDays(), now.claimWindowDays()),
                null)));
    }

    private static <T> T or(T value, T current) {
        return value == null ? current : value;
    }

    private ReferralView view(Referral r) {
        return new ReferralView(r.id(), "referral", r.referrerId(), r.referredId(), r.code(), r.status().code(),
                r.rejectionReason(), r.qualifyOn().code(), r.orderId(), r.claimedAt(), r.qualifiedAt(), r.vestsAt(),
                r.rewardedAt(), r.clawedBackAt(), r.lastError(),
                referrals.rewardsOf(r.id()).stream().map(RewardView::of).toList());
    }

    /** The end user's address: the connection's for a user's own key; {@code X-Client-IP} for the platform's backend. */
    private static String clientIp(Caller caller, HttpServletRequest request) {
        boolean backend = caller.admin() || caller.actingOnBehalf();
        String ip = backend ? request.getHeader(CLIENT_IP) : request.getRemoteAddr();
        if (ip != null && (ip.isBlank() || ip.length() > MAX_IP || !ip.matches("[0-9A-Fa-f:.]+"))) {
            throw ApiException.invalid("invalid_client_ip", CLIENT_IP + " is an IPv4 or IPv6 address");
        }
        return ip;
    }

    private static String checkedDevice(String device) {
        if (device != null && (device.isBlank() || device.length() > MAX_DEVICE)) {
            throw ApiException.invalid("invalid_device_fingerprint", DEVICE + " is 1 to " + MAX_DEVICE + " characters");
        }
        return device;
    }
}
