package dev.mercato.catalog.web;

import dev.mercato.catalog.CategoryManagement;
import dev.mercato.catalog.web.CatalogViews.CategoryBody;
import dev.mercato.catalog.web.CatalogViews.CategoryView;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The category tree: anyone reads it, operators shape it. */
@RestController
class CategoryController {

    private final CategoryManagement categories;

    CategoryController(CategoryManagement categories) {
        this.categories = categories;
    }

    /** The whole tree, parents before their children. */
    @GetMapping("/v1/categories")
    Page<CategoryView> tree() {
        return new Page<>(categories.tree().stream().map(CategoryView::of).toList(), false);
    }

    @GetMapping("/v1/categories/{id}")
    CategoryView get(@PathVariable String id) {
        return categories.find(id).map(CategoryView::of)
                .orElseThrow(() -> ApiException.notFound("category_not_found", "no category " + id));
    }

    @PostMapping("/v1/categories")
    @ResponseStatus(HttpStatus.CREATED)
    CategoryView create(Caller caller, @RequestBody CategoryBody body) {
        caller.requireAdmin();
        return CategoryView.of(categories.create(body.name(), body.slug(), body.parentId()));
    }

    /** Rename, activate or deactivate. */
    @PatchMapping("/v1/categories/{id}")
    CategoryView change(Caller caller, @PathVariable String id, @RequestBody CategoryBody body) {
        caller.requireAdmin();
        if (body.slug() != null || body.parentId() != null) {
            throw ApiException.invalid("validation_failed", "only name and active can change");
        }
        return CategoryView.of(categories.change(id, body.name(), body.active()));
    }
}
