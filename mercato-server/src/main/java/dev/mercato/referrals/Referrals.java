package dev.mercato.referrals;

import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import dev.mercato.rewards.RewardRule;
import dev.mercato.rewards.Rewards;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Referral codes, claims, qualification and the fraud controls (docs/referrals.md). A claim is
 * checked against the referrer (same user, same normalised email, an address or device both were
 * seen with within the program's window) and stored, rejected with its reason when a check fails.
 * A referral qualifies on the program's event, within the referrer's monthly cap; its rewards are
 * then held in the ledger until they vest ({@link ReferralPayments} pays or claws them back).
 */
@Service
public class Referrals {

    /** Crockford base32 without I, L, O, U: codes are read aloud and typed. */
    private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int CODE_LENGTH = 8;
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]{4,32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String TOKEN_RULE = "referral";

    private final ReferralStore store;
    private final ReferralLedger ledger;
    private final ReferralPayments payments;
    private final UserManagement users;
    private final Rewards rewards;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final ReferralsProperties properties;

    Referrals(ReferralStore store, ReferralLedger ledger, ReferralPayments payments, UserManagement users,
            Rewards rewards, TransactionTemplate transactions, ApplicationEventPublisher events, AuditLog audit,
            Clock clock, ReferralsProperties properties) {
        this.store = store;
        this.ledger = ledger;
        this.payments = payments;
        this.users = users;
        this.rewards = rewards;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    /** The program in force: the operator's, or the configured defaults. */
    public ReferralProgram program() {
        return store.program().orElseGet(properties::program);
    }

    /** Replaces the program (an operator's change); referrals keep the terms they were claimed and qualified under. */
    public ReferralProgram saveProgram(ReferralProgram program) {
        ReferralProgram saved = ReferralProgram.checked(program.qualifyOn(), program.referrerCredits(),
                program.referredCredits(), program.referrerTokens(), program.referredTokens(), program.vestingDays(),
                program.monthlyCap(), program.matchWindowDays(), program.claimWindowDays(), clock.instant());
        return transactions.execute(status -> audit.changing("referral_program", "default", store::program, () -> {
            store.save(saved);
            return saved;
        }));
    }

    /** The user's referral code, made on first ask: 8 characters of Crockford base32 (about 10^12 codes). */
    public String code(String userId) {
        Optional<String> existing = store.codeOf(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        users.find(userId).orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + userId));
        while (true) {
            if (store.insertCode(userId, newCode(), clock.instant())) {
                return store.codeOf(userId).orElseThrow();
            }
            Optional<String> raced = store.codeOf(userId); // made meanwhile, or the code was taken: draw again
            if (raced.isPresent()) {
                return raced.get();
            }
        }
    }

    /** The link a referrer shares: the configured base followed by the code. */
    public String link(String code) {
        return properties.linkBase() + code;
    }

    /**
     * Records that the user was seen with a network address and a device fingerprint (either may be
     * null), as SHA-256 hashes: the self-referral checks compare referrer and referred user on them.
     */
    public void seen(String userId, String ip, String device) {
        Instant now = clock.instant();
        if (ip != null && !ip.isBlank()) {
            store.sight(userId, "ip", hash(ip.trim().toLowerCase()), now);
        }
        if (device != null && !device.isBlank()) {
            store.sight(userId, "device", hash(device.trim()), now);
        }
    }

    /** A claim's referral and whether this call made it ({@code false}: the same claim was made before). */
    public record Claimed(Referral referral, boolean created) {
    }

    /**
     * The referred user claims a code. One referrer per referred user: claiming the same code again
     * returns the first referral, another code is refused. A claim that fails a self-referral check
     * is stored as {@code rejected} with its reason; one that passes is {@code pending}, or qualifies
     * at once when the program qualifies on a verified signup.
     *
     * @throws ApiException 404 {@code referral_code_not_found}; 422 {@code own_referral_code},
     *                      {@code account_too_old}; 409 {@code already_referred}; 400 {@code missing_code}
     */
    public Claimed claim(String referredId, String rawCode, String ip, String device) {
        if (rawCode == null || rawCode.isBlank()) {
            throw ApiException.invalid("missing_code", "code is required: the referrer's referral code");
        }
        String code = rawCode.trim().toUpperCase();
        String referrerId = (CODE.matcher(code).matches() ? store.ownerOf(code) : Optional.<String>empty())
                .orElseThrow(() -> ApiException.notFound("referral_code_not_found", "no referral code " + rawCode.trim()));
        if (referrerId.equals(referredId)) {
            throw new ApiException(422, "own_referral_code", "a user cannot claim their own referral code");
        }
        User referred = users.find(referredId).orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + referredId));
        Optional<Referral> earlier = store.ofReferred(referredId);
        if (earlier.isPresent()) {
            return earlierClaim(earlier.get(), code);
        }
        ReferralProgram program = program();
        Instant now = clock.instant();
        if (referred.createdAt().plus(program.claimWindow()).isBefore(now)) {
            throw new ApiException(422, "account_too_old", "only accounts created in the last " + program.claimWindowDays()
                    + " days can claim a referral code");
        }
        User referrer = users.find(referrerId).orElseThrow();
        Claimed claimed = transactions.execute(status -> {
            store.lockReferrer(referrerId);
            seen(referredId, ip, device);
            String reason = selfReferral(referrer, referred, program, now);
            Referral referral = new Referral(Ids.next("rfl", clock), referrerId, referredId, code,
                    reason == null ? ReferralStatus.PENDING : ReferralStatus.REJECTED, reason, program.qualifyOn(), null,
                    now, null, null, null, null, null);
            if (!store.insert(referral)) {
                return null; // raced by another claim of this user: answered below, after it committed
            }
            audit.changed("referral", referral.id(), null, summary(referral));
            if (reason == null && program.qualifyOn() == ReferralProgram.Qualification.VERIFIED_SIGNUP) {
                referral = qualify(referral, null, program);
            }
            return new Claimed(referral, true);
        });
        if (claimed == null) {
            return earlierClaim(store.ofReferred(referredId).orElseThrow(), code);
        }
        if (claimed.referral().status() == ReferralStatus.QUALIFIED) {
            payments.releaseAfterCommit(claimed.referral().id());
            claimed = new Claimed(store.find(claimed.referral().id()).orElseThrow(), true);
        }
        return claimed;
    }

    private static Claimed earlierClaim(Referral earlier, String code) {
        if (!earlier.code().equals(code)) {
            throw new ApiException(409, "already_referred", "this user was already referred (" + earlier.id() + ")",
                    Map.of("referral_id", earlier.id()));
        }
        return new Claimed(earlier, false);
    }

    /** The first failed self-referral check's reason, or null when all pass. */
    private String selfReferral(User referrer, User referred, ReferralProgram program, Instant now) {
        String email = EmailAddresses.normalised(referrer.email());
        if (email != null && email.equals(EmailAddresses.normalised(referred.email()))) {
            return "same_email";
        }
        Instant since = now.minus(program.matchWindow());
        if (store.sharedSighting(referrer.id(), referred.id(), "ip", since)) {
            return "same_ip";
        }
        if (store.sharedSighting(referrer.id(), referred.id(), "device", since)) {
            return "same_device";
        }
        return null;
    }

    /**
     * A pending referral's referred user paid an order: the first paid after the claim qualifies a
     * {@code first_purchase} referral. A redelivered event, or a later order, finds it no longer
     * pending and changes nothing.
     */
    void purchased(String buyerId, String orderId, Instant paidAt) {
        Optional<Referral> found = store.ofReferred(buyerId).filter(r -> r.status() == ReferralStatus.PENDING
                && r.qualifyOn() == ReferralProgram.Qualification.FIRST_PURCHASE && !paidAt.isBefore(r.claimedAt()));
        if (found.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            store.lockReferrer(found.get().referrerId());
            Referral referral = store.lock(found.get().id()).orElseThrow();
            if (referral.status() == ReferralStatus.PENDING
                    && qualify(referral, orderId, program()).status() == ReferralStatus.QUALIFIED) {
                payments.releaseAfterCommit(referral.id());
            }
        });
    }

    /**
     * Qualifies a pending referral in the caller's transaction, with the referrer locked: rejected
     * when the referrer's monthly cap is reached; else its rewards are held in the ledger until they
     * vest ({@code vesting}), or due at once ({@code qualified}) without a vesting period.
     */
    private Referral qualify(Referral referral, String orderId, ReferralProgram program) {
        Instant now = clock.instant();
        if (program.monthlyCap() != null) {
            YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
            Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (store.qualifiedBetween(referral.referrerId(), from, to) >= program.monthlyCap()) {
                return change(referral, withStatus(referral, ReferralStatus.REJECTED, "monthly_cap_reached", orderId,
                        null, null));
            }
        }
        Instant vestsAt = now.plus(program.vesting());
        ReferralStatus next = program.vestingDays() > 0 ? ReferralStatus.VESTING : ReferralStatus.QUALIFIED;
        Referral qualified = withStatus(referral, next, null, orderId, now, vestsAt);
        List<ReferralReward> held = rewardsOf(qualified, program, now);
        held.forEach(store::insert);
        if (!held.isEmpty()) {
            ledger.hold(referral.id(), held);
        }
        change(referral, qualified);
        events.publishEvent(new ReferralQualified(referral.id(), referral.referrerId(), referral.referredId(),
                referral.qualifyOn().code(), orderId, vestsAt, now));
        return qualified;
    }

    private Referral change(Referral before, Referral after) {
        if (!before.status().mayBecome(after.status())) {
            throw new IllegalStateException("referral " + before.id() + " cannot go from " + before.status() + " to "
                    + after.status());
        }
        store.update(after);
        audit.changed("referral", after.id(), summary(before), summary(after));
        return after;
    }

    private static Referral withStatus(Referral r, ReferralStatus status, String reason, String orderId,
            Instant qualifiedAt, Instant vestsAt) {
        return new Referral(r.id(), r.referrerId(), r.referredId(), r.code(), status, reason, r.qualifyOn(), orderId,
                r.claimedAt(), qualifiedAt, vestsAt, null, null, null);
    }

    /** What each side earns under the program: credits, and the rewards rule's tokens when it pays a fixed amount. */
    private List<ReferralReward> rewardsOf(Referral referral, ReferralProgram program, Instant now) {
        List<ReferralReward> held = new ArrayList<>();
        Optional<RewardRule> rule = rewards.rule(TOKEN_RULE).filter(r -> r.active() && r.amount() != null);
        addSide(held, referral, "referrer", referral.referrerId(), program.referrerCredits(),
                program.referrerTokens() ? rule : Optional.empty(), now);
        addSide(held, referral, "referred", referral.referredId(), program.referredCredits(),
                program.referredTokens() ? rule : Optional.empty(), now);
        return held;
    }

    private void addSide(List<ReferralReward> held, Referral referral, String side, String userId, long credits,
            Optional<RewardRule> rule, Instant now) {
        if (credits > 0) {
            held.add(new ReferralReward(Ids.next("rrw", clock), referral.id(), userId, side, "credits",
                    ReferralPayments.CREDIT, credits, "held", 0, 0, 0, null, now, null, null));
        }
        if (rule.isPresent()) {
            RewardRule r = rule.get();
            long tokens = payments.isProvider(userId) && r.providerAmount() != null ? r.providerAmount() : r.amount();
            held.add(new ReferralReward(Ids.next("rrw", clock), referral.id(), userId, side, "tokens", rewards.asset(),
                    tokens, "held", 0, 0, 0, null, now, null, null));
        }
    }

    /** The user's referral as the referred user, if they claimed a code. */
    public Optional<Referral> referralOf(String userId) {
        return store.ofReferred(userId);
    }

    public Optional<Referral> find(String id) {
        return store.find(id);
    }

    public List<ReferralReward> rewardsOf(String referralId) {
        return store.rewardsOf(referralId);
    }

    /** The assets rewards are paid in: the reward token and credits. */
    public List<String> heldAssets() {
        return List.of(rewards.asset(), ReferralPayments.CREDIT);
    }

    /** What is held for the user, not yet theirs, per asset, read from their vesting accounts in the ledger. */
    public long held(String userId, String asset) {
        return ledger.held(userId, asset);
    }

    /** The referrer's figures (null: the whole platform's, with its top referrers). */
    public ReferralStats stats(String referrerId) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ReferralStatus s : ReferralStatus.values()) {
            byStatus.put(s.code(), 0L);
        }
        byStatus.putAll(store.countsByStatus(referrerId));
        long claimed = byStatus.values().stream().mapToLong(Long::longValue).sum();
        List<ReferralStats.Rewards> totals = store.rewardTotals(referrerId).stream()
                .map(t -> new ReferralStats.Rewards(t.kind(), t.asset(), t.held(), t.paid(), t.clawedBack(), t.cancelled(),
                        t.unrecovered())).toList();
        return new ReferralStats(claimed, byStatus, store.rejectionsByReason(referrerId), totals,
                referrerId == null ? store.topReferrers(10) : List.of());
    }

    static Map<String, Object> summary(Referral r) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("referrer_id", r.referrerId());
        summary.put("referred_id", r.referredId());
        summary.put("code", r.code());
        summary.put("status", r.status().code());
        summary.put("rejection_reason", r.rejectionReason());
        summary.put("order_id", r.orderId());
        summary.put("vests_at", r.vestsAt());
        return summary;
    }

    private static String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < code.length; i++) {
            code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
        }
        return new String(code);
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
