package dev.mercato.search.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.search.FeaturedHit;
import dev.mercato.search.FeaturedPlacement;
import dev.mercato.search.Featuring;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The featured block for buyers, and the placements behind it for operators. */
@RestController
class FeaturedController {

    private final Featuring featuring;

    FeaturedController(Featuring featuring) {
        this.featuring = featuring;
    }

    record PlacementBody(String listingId, Instant startsAt, Instant endsAt, String reference) {
    }

    record PlacementView(String id, String object, String listingId, Instant startsAt, Instant endsAt, String source,
            String reference, Instant createdAt, Instant removedAt) {

        static PlacementView of(FeaturedPlacement p) {
            return new PlacementView(p.id(), "featured_placement", p.listingId(), p.startsAt(), p.endsAt(),
                    p.source().code(), p.reference(), p.createdAt(), p.removedAt());
        }
    }

    /** Listings featured now, newest placement first; never part of organic search results. */
    @GetMapping("/v1/featured")
    Page<FeaturedHit> featured(@RequestParam(name = "category_id", required = false) String categoryId,
            @RequestParam(required = false) String limit) {
        List<FeaturedHit> hits = featuring.current(SearchController.blankToNull(categoryId),
                Page.limit(SearchController.integer("limit", limit)));
        return new Page<>(hits, false);
    }

    /** Operators feature a listing for a period (a curated placement). */
    @PostMapping("/v1/admin/featured")
    @ResponseStatus(HttpStatus.CREATED)
    PlacementView feature(Caller caller, @RequestBody PlacementBody body) {
        caller.requireAdmin();
        return PlacementView.of(featuring.feature(body.listingId(), body.startsAt(), body.endsAt(),
                FeaturedPlacement.Source.CURATED, body.reference()));
    }

    @GetMapping("/v1/admin/featured")
    Page<PlacementView> placements(Caller caller, @RequestParam(name = "listing_id", required = false) String listingId,
            @RequestParam(name = "starting_after", required = false) String startingAfter,
            @RequestParam(required = false) String limit) {
        caller.requireAdmin();
        int size = Page.limit(SearchController.integer("limit", limit));
        return Page.fromOverfetch(featuring.placements(listingId, startingAfter, size + 1), size).map(PlacementView::of);
    }

    @DeleteMapping("/v1/admin/featured/{id}")
    PlacementView remove(Caller caller, @PathVariable String id) {
        caller.requireAdmin();
        if (featuring.find(id).isEmpty()) {
            throw ApiException.notFound("placement_not_found", "no placement " + id);
        }
        return PlacementView.of(featuring.remove(id));
    }
}
