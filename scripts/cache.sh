# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# cache.sh: sourced by fetch-xen and build-xen-pv32 (bash).
#
# What is fetched or built once per machine lives in a cache outside every
# clone, ${PARABOOT_CACHE:-/var/cache/paraboot}, one directory per entry,
# named for what it holds and its version (xen-4.17.7..., xen-pv32-4.17.5...).
# A build tree only has a symlink to the entry it uses (build/xen ->
# /var/cache/paraboot/xen-...), so every clone shares one copy.
#
# An entry is complete when each of its files is there and not empty; its
# VERSION file is written last.  Entries are filled in a staging directory
# beside them and renamed into place, so no one ever sees half an entry, and
# an interrupted run leaves nothing that looks complete.

cache_root=$(realpath -m "${PARABOOT_CACHE:-/var/cache/paraboot}")

# cache_complete DIR FILE...: DIR holds every FILE, not empty.
cache_complete() {
	local dir=$1 f
	shift
	[ -d "$dir" ] || return 1
	for f in "$@"; do
		[ -s "$dir/$f" ] || return 1
	done
}

# cache_writable: the cache root exists (made if need be) and can be written.
cache_writable() {
	mkdir -p "$cache_root" 2>/dev/null && [ -w "$cache_root" ]
}

# cache_stage NAME: print a new, empty staging directory for entry NAME, in
# the cache root (the same filesystem, so the final rename is atomic).
cache_stage() {
	local stage
	stage=$(mktemp -d "$cache_root/.$1.XXXXXX") || return 1
	chmod 755 "$stage"
	echo "$stage"
}

# cache_commit STAGE NAME FILE...: make the complete STAGE entry NAME,
# replacing an incomplete NAME; if NAME became complete meanwhile (another
# clone got there first), drop STAGE.
cache_commit() {
	local stage=$1 dest=$cache_root/$2
	shift 2
	chmod 644 "$stage"/*
	if cache_complete "$dest" "$@"; then
		rm -rf "$stage"
		return 0
	fi
	rm -rf "$dest"
	mv -T "$stage" "$dest"
}

# cache_link DIR LINK FILE...: make LINK a symlink to DIR, unless it is one
# already.  A stale link is replaced; so is a directory holding nothing but
# FILE... (and their .tmp leftovers), what fetch-xen used to leave there.
cache_link() {
	local dir=$1 link=$2 f
	shift 2
	if [ -L "$link" ]; then
		[ "$(readlink "$link")" = "$dir" ] && return 0
	elif [ -d "$link" ]; then
		local ours=() other
		for f in "$@"; do
			ours+=(! -name "$f" ! -name "$f.tmp")
		done
		other=$(find "$link" -mindepth 1 -maxdepth 1 "${ours[@]}" -print -quit)
		if [ -n "$other" ]; then
			echo "$(basename "$0"): error: $link holds other files;" \
				"remove it, it will become a symlink to $dir" >&2
			return 1
		fi
		rm -rf "$link"
	fi
	mkdir -p "$(dirname "$link")"
	ln -sfn "$dir" "$link.tmp.$$"
	mv -Tf "$link.tmp.$$" "$link"
}
