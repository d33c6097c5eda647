package org.aava.dialer.core.ports;

import java.util.List;

/** One page of a listing; {@code page} counts from 1. */
public record Page<T>(List<T> items, long total, int page, int pageSize) {
    public int totalPages() {
        return pageSize <= 0 ? 0 : (int) ((total + pageSize - 1) / pageSize);
    }
}
