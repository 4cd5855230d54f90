package dev.mercato.catalog;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The operator-managed category tree. */
@Service
public class CategoryManagement {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Categories categories;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;

    CategoryManagement(Categories categories, ApplicationEventPublisher events, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.categories = categories;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Category create(String name, String slug, String parentId) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalid("invalid_name", "name must be 1 to 100 characters");
        }
        if (slug == null || slug.length() > 100 || !SLUG.matcher(slug).matches()) {
            throw ApiException.invalid("invalid_slug", "slug is lowercase words joined by hyphens, e.g. web-development");
        }
        if (parentId != null && categories.find(parentId).isEmpty()) {
            throw ApiException.notFound("category_not_found", "no parent category " + parentId);
        }
        if (categories.slugTaken(slug)) {
            throw new ApiException(409, "slug_taken", "a category with slug " + slug + " exists");
        }
        Category category = new Category(Ids.next("cat", clock), parentId, name, slug, true, clock.instant());
        categories.insert(category);
        events.publishEvent(new CategoryChanged(category.id(), parentId, true));
        audit.changed("category", category.id(), null, category);
        return category;
    }

    @Transactional
    public Category change(String id, String name, Boolean active) {
        Category current = find(id).orElseThrow(() -> ApiException.notFound("category_not_found", "no category " + id));
        if (name != null && (name.isBlank() || name.length() > 100)) {
            throw ApiException.invalid("invalid_name", "name must be 1 to 100 characters");
        }
        Category changed = new Category(id, current.parentId(), name == null ? current.name() : name, current.slug(),
                active == null ? current.active() : active, current.createdAt());
        categories.update(changed);
        events.publishEvent(new CategoryChanged(id, changed.parentId(), changed.active()));
        audit.changed("category", id, current, changed);
        return changed;
    }

    public Optional<Category> find(String id) {
        return categories.find(id);
    }

    public List<Category> tree() {
        return categories.all();
    }

    /** True when {@code candidate} is the category or one of its descendants. */
    public boolean isWithin(String candidate, String category) {
        return categories.isWithin(candidate, category);
    }
}
