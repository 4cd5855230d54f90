package dev.mercato.catalog.web;

import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingStatus;
import dev.mercato.catalog.web.CatalogViews.FileView;
import dev.mercato.catalog.web.CatalogViews.ListingBody;
import dev.mercato.catalog.web.CatalogViews.ListingView;
import dev.mercato.catalog.web.CatalogViews.VersionView;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Listings: public reads of what is published; sellers create, edit and publish their own. */
@RestController
class ListingController {

    private final ListingManagement listings;

    ListingController(ListingManagement listings) {
        this.listings = listings;
    }

    @PostMapping("/v1/listings")
    @ResponseStatus(HttpStatus.CREATED)
    ListingView create(Caller caller, @RequestBody ListingBody body) {
        return ListingView.of(listings.create(caller.userId(), body.toDraft()));
    }

    @GetMapping("/v1/listings")
    Page<ListingView> list(Optional<Caller> caller, @RequestParam(name = "seller_id", required = false) String sellerId,
            @RequestParam(name = "category_id", required = false) String categoryId,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListingStatus parsed = null;
        if (status != null) {
            try {
                parsed = ListingStatus.of(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("invalid_status", "status must be draft, published, unpublished or archived");
            }
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(listings.list(sellerId, categoryId, parsed, caller, startingAfter, size + 1), size)
                .map(ListingView::of);
    }

    @GetMapping("/v1/listings/{id}")
    ListingView get(Optional<Caller> caller, @PathVariable String id) {
        return listings.visible(id, caller).map(ListingView::of)
                .orElseThrow(() -> ApiException.notFound("listing_not_found", "no listing " + id));
    }

    @GetMapping("/v1/listings/{id}/versions/{version}")
    VersionView version(Optional<Caller> caller, @PathVariable String id, @PathVariable int version) {
        return listings.version(id, version, caller).map(VersionView::of)
                .orElseThrow(() -> ApiException.notFound("listing_version_not_found", "no version " + version + " of " + id));
    }

    @PatchMapping("/v1/listings/{id}")
    ListingView update(Caller caller, @PathVariable String id, @RequestBody ListingBody body) {
        return ListingView.of(listings.update(id, caller, body.toDraft()));
    }

    @PostMapping("/v1/listings/{id}/publish")
    ListingView publish(Caller caller, @PathVariable String id) {
        return ListingView.of(listings.publish(id, caller));
    }

    @PostMapping("/v1/listings/{id}/unpublish")
    ListingView unpublish(Caller caller, @PathVariable String id) {
        return ListingView.of(listings.unpublish(id, caller));
    }

    @PostMapping("/v1/listings/{id}/archive")
    ListingView archive(Caller caller, @PathVariable String id) {
        return ListingView.of(listings.archive(id, caller));
    }

    /** Upload: the raw bytes as the body, the file name as a parameter ({@code curl --data-binary @file}). */
    @PostMapping("/v1/listings/{id}/files")
    @ResponseStatus(HttpStatus.CREATED)
    FileView addFile(Caller caller, @PathVariable String id, @RequestParam String name, HttpServletRequest request)
            throws IOException {
        return FileView.of(listings.addFile(id, caller, name, request.getContentType(), request.getInputStream()));
    }

    @DeleteMapping("/v1/listings/{id}/files/{fileId}")
    ListingView removeFile(Caller caller, @PathVariable String id, @PathVariable String fileId) {
        return ListingView.of(listings.removeFile(id, fileId, caller));
    }
}
