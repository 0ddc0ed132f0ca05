;; The hot loop of reading a log: split a window of bytes into lines and clean each one (the runner's
;; timestamp skipped, ANSI escapes cut out), as clean-bytes.ts does line by line in JavaScript, at a
;; fraction of the cost per byte. Built into clean-lines-wasm.ts by scripts/build-wasm.mjs; line-cleaner.ts
;; drives it. Every line it cannot decide exactly as cleanLine would (a byte-order mark, a non-ASCII byte
;; where a timestamp could be, a cut escape, invalid UTF-8 with escapes removed, a line over the length
;; cap) is marked FALLBACK, and JavaScript takes it the old way. For the others it also answers the two
;; questions JavaScript asks of every line next (is it `path:line`-shaped, may it explain a failure).
;;
;; Memory (fixed; line-cleaner.ts holds the same numbers):
;;   [0, 1 MiB)           IN: the window of log bytes, copied in by JavaScript
;;   [1 MiB, 2 MiB)       OUT: the cleaned bytes of the window's lines, one after another
;;   [2 MiB + 64, + 768 KiB)  TABLE: 3 × i32 per line: the index of its `\n` in IN, the end of its
;;                        cleaned bytes in OUT, and its flags: 1 FALLBACK (JavaScript cleans the raw
;;                        bytes), 2 WIDE (the text is UTF-8, not ASCII), 64 RAW_WIDE (the raw bytes may
;;                        hold a byte past ASCII), then 8 KNOWN, 16 LOCATED and 32 MAYBE_FAILURE (what
;;                        isLocated and MAYBE_INTERESTING say of the text). TABLE starts 64 bytes after
;;                        OUT, as 16-byte stores may write up to 15 bytes past the text.
;; 16 bytes at a time where it can (SIMD): the `\n`, runs without ESC, `:` and `(`, the keywords' first
;; bytes and runs of ASCII. Where a block reaches past a line's end, the bytes past it are masked off or
;; can only make an answer more cautious.
(module
  (memory (export "memory") 45)

  (func $isDigit (param $c i32) (result i32)
    (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))

  ;; clean-bytes.ts's timestampLength: `2026-03-04T10:15:01.1234567Z ` at the start of [s, end).
  (func $stampLength (param $s i32) (param $end i32) (result i32)
    (local $i i32) (local $from i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $s)) (i32.const 20)) (then (return (i32.const 0))))
    (if (i32.or
          (i32.or
            (i32.or (i32.ne (i32.load8_u offset=4 (local.get $s)) (i32.const 45))
                    (i32.ne (i32.load8_u offset=7 (local.get $s)) (i32.const 45)))
            (i32.or (i32.ne (i32.load8_u offset=10 (local.get $s)) (i32.const 84))
                    (i32.ne (i32.load8_u offset=13 (local.get $s)) (i32.const 58))))
          (i32.or
            (i32.ne (i32.load8_u offset=16 (local.get $s)) (i32.const 58))
            (i32.or (i32.eqz (call $isDigit (i32.load8_u (local.get $s))))
                    (i32.eqz (call $isDigit (i32.load8_u offset=18 (local.get $s)))))))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $s) (i32.const 19)))
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 46)) ;; `.` and up to 9 digits
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $from (local.get $i))
        (block $b (loop $l
          (br_if $b (i32.ge_u (local.get $i) (local.get $end)))
          (br_if $b (i32.ge_u (i32.sub (local.get $i) (local.get $from)) (i32.const 9)))
          (br_if $b (i32.eqz (call $isDigit (i32.load8_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
        (if (i32.eq (local.get $i) (local.get $from)) (then (return (i32.const 0))))))
    (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 90)) (then (return (i32.const 0)))) ;; `Z`
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 32))
        (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
    (i32.sub (local.get $i) (local.get $s)))

  ;; clean-bytes.ts's escapeEnd: where the escape at $i ends, or -1 when it is cut or not one.
  (func $escapeEnd (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $j i32) (local $f i32)
    (local.set $c (i32.const -1))
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $end))
      (then (local.set $c (i32.load8_u offset=1 (local.get $i)))))
    (if (i32.eq (local.get $c) (i32.const 91)) ;; CSI: `[`, parameters, intermediates, a final byte
      (then
        (local.set $j (i32.add (local.get $i) (i32.const 2)))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $j) (local.get $end)))
          (br_if $b1 (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 0x30)) (i32.const 0x0f)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l1)))
        (block $b2 (loop $l2
          (br_if $b2 (i32.ge_u (local.get $j) (local.get $end)))
          (br_if $b2 (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 0x20)) (i32.const 0x0f)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l2)))
        (if (i32.ge_u (local.get $j) (local.get $end)) (then (return (i32.const -1))))
        (local.set $f (i32.load8_u (local.get $j)))
        (if (i32.le_u (i32.sub (local.get $f) (i32.const 0x40)) (i32.const 0x3e))
          (then (return (i32.add (local.get $j) (i32.const 1)))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $c) (i32.const 93)) ;; OSC: `]` up to BEL or ESC `\`, else to the end
      (then
        (local.set $j (i32.add (local.get $i) (i32.const 2)))
        (block $b3 (loop $l3
          (br_if $b3 (i32.ge_u (local.get $j) (local.get $end)))
          (local.set $f (i32.load8_u (local.get $j)))
          (br_if $b3 (i32.eq (local.get $f) (i32.const 7)))
          (br_if $b3 (i32.eq (local.get $f) (i32.const 27)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $l3)))
        (if (i32.lt_u (local.get $j) (local.get $end))
          (then (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 7))
            (then (return (i32.add (local.get $j) (i32.const 1)))))))
        (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $end))
          (then (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 27))
            (then (if (i32.eq (i32.load8_u offset=1 (local.get $j)) (i32.const 92))
              (then (return (i32.add (local.get $j) (i32.const 2)))))))))
        (return (local.get $j))))
    ;; A two-byte escape: ESC and one of 0x40-0x5f but `[` (0x5b).
    (if (i32.and
          (i32.le_u (i32.sub (local.get $c) (i32.const 0x40)) (i32.const 0x1f))
          (i32.ne (local.get $c) (i32.const 0x5b)))
      (then (return (i32.add (local.get $i) (i32.const 2)))))
    (i32.const -1))

  ;; log-line.ts's isLocated on the cleaned bytes [s, e): among the first 8 `:`, one followed by a digit or
  ;; by ` line ` and a digit; else among the first 4 `(`, one followed by a digit. (Bytes next to an ASCII
  ;; byte are the characters next to it, or part of a non-ASCII character, never a digit.)
  (func $located (param $s i32) (param $e i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $m i32) (local $c i32)
    (local.set $i (local.get $s))
    (block $colons (loop $block
      (br_if $colons (i32.ge_u (local.get $i) (local.get $e)))
      (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (i8x16.splat (i32.const 58)))))
      (if (i32.lt_u (i32.sub (local.get $e) (local.get $i)) (i32.const 16))
        (then (local.set $m (i32.and (local.get $m)
          (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $e) (local.get $i))) (i32.const 1))))))
      (block $next (loop $colon
        (br_if $next (i32.eqz (local.get $m)))
        (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (br_if $colons (i32.ge_u (local.get $k) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $e))
          (then
            (local.set $c (i32.load8_u offset=1 (local.get $j)))
            (if (call $isDigit (local.get $c)) (then (return (i32.const 1))))
            ;; ` line ` (its `line` read as one little-endian i32) and a digit
            (if (i32.and
                  (i32.lt_u (i32.add (local.get $j) (i32.const 7)) (local.get $e))
                  (i32.and
                    (i32.and (i32.eq (local.get $c) (i32.const 32))
                             (i32.eq (i32.load8_u offset=6 (local.get $j)) (i32.const 32)))
                    (i32.eq (i32.load offset=2 (local.get $j)) (i32.const 0x656e696c))))
              (then (if (call $isDigit (i32.load8_u offset=7 (local.get $j)))
                (then (return (i32.const 1))))))))
        (br $colon)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $block)))
    (local.set $i (local.get $s))
    (local.set $k (i32.const 0))
    (block $parens (loop $block2
      (br_if $parens (i32.ge_u (local.get $i) (local.get $e)))
      (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (i8x16.splat (i32.const 40)))))
      (if (i32.lt_u (i32.sub (local.get $e) (local.get $i)) (i32.const 16))
        (then (local.set $m (i32.and (local.get $m)
          (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $e) (local.get $i))) (i32.const 1))))))
      (block $next2 (loop $paren
        (br_if $next2 (i32.eqz (local.get $m)))
        (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (br_if $parens (i32.ge_u (local.get $k) (i32.const 4)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $e))
          (then (if (call $isDigit (i32.load8_u offset=1 (local.get $j)))
            (then (return (i32.const 1))))))
        (br $paren)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $block2)))
    (i32.const 0))

  ;; Whether [j, e) starts with the `len` bytes `want` (little-endian, at most 8), read as one i64.
  (func $at (param $j i32) (param $e i32) (param $want i64) (param $len i32) (result i32)
    (if (i32.gt_s (local.get $len) (i32.sub (local.get $e) (local.get $j))) (then (return (i32.const 0))))
    (if (i32.eq (local.get $len) (i32.const 8))
      (then (return (i64.eq (i64.load (local.get $j)) (local.get $want)))))
    (i64.eq
      (i64.and (i64.load (local.get $j))
        (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3))))
          (i64.const 1)))
      (local.get $want)))

  ;; failure-keywords.ts's MAYBE_INTERESTING on the cleaned bytes [s, e) of a line that is ASCII or UTF-8:
  ;; [eE](rror|RROR|xception|xit (code|status)), [Ff](AIL|ail|atal|ATAL), panic, Traceback, Killed,
  ;; Segmentation, timed out, No space left, ✖ (E2 9C 96), ✕ (E2 9C 95), × (C3 97). ASCII words in UTF-8
  ;; bytes are the same words in its text, and those characters' bytes occur only as those characters.
  ;; Keywords are compared as little-endian integers (`rror` is 0x726f7272).
  ;; Each 16 bytes are first sifted by pairs (a keyword's first two bytes), with the "shufti" technique: a
  ;; byte's low and high nibbles each pick a set of classes from a 16-byte table, and a pair is a candidate
  ;; when its first byte's classes meet its second byte's. Classes: 1 e E + r R x; 2 f F p + a A; 4 T + r;
  ;; 8 K t + i; 16 S + e; 32 N + o; 64 E2 C3 + 9C 97. A candidate is then checked whole.
  (func $maybeFailure (param $s i32) (param $e i32) (result i32)
    (local $i i32) (local $j i32) (local $c i32) (local $n i32) (local $m i32) (local $v v128)
    (local $w v128) (local $low v128)
    (local.set $low (i8x16.splat (i32.const 0x0f)))
    (local.set $i (local.get $s))
    (block $b (loop $block
      (br_if $b (i32.ge_u (local.get $i) (local.get $e)))
      (local.set $v (v128.load (local.get $i)))
      (local.set $w (v128.load offset=1 (local.get $i)))
      (local.set $m (i8x16.bitmask (i8x16.ne
        (v128.and
          (v128.and
            (i8x16.swizzle (v128.const i8x16 2 0 64 80 12 1 2 0 0 0 0 8 0 0 32 0)
              (v128.and (local.get $v) (local.get $low)))
            (i8x16.swizzle (v128.const i8x16 0 0 0 0 43 20 3 10 0 0 0 0 64 0 64 0)
              (i8x16.shr_u (local.get $v) (i32.const 4))))
          (v128.and
            (i8x16.swizzle (v128.const i8x16 0 2 5 0 0 16 0 64 1 8 0 0 64 0 0 32)
              (v128.and (local.get $w) (local.get $low)))
            (i8x16.swizzle (v128.const i8x16 0 0 0 0 2 1 58 5 0 64 0 0 0 0 0 0)
              (i8x16.shr_u (local.get $w) (i32.const 4)))))
        (v128.const i64x2 0 0))))
      (block $next (loop $candidate
        (br_if $next (i32.eqz (local.get $m)))
        (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (br_if $b (i32.ge_u (local.get $j) (local.get $e)))
          (local.set $c (i32.load8_u (local.get $j)))
          (local.set $n (i32.add (local.get $j) (i32.const 1)))
          (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x65)) ;; e E
            (then
              (if (i32.or
                    (i32.or (call $at (local.get $n) (local.get $e) (i64.const 0x726f7272) (i32.const 4))   ;; rror
                            (call $at (local.get $n) (local.get $e) (i64.const 0x524f5252) (i32.const 4)))  ;; RROR
                    (i32.or (call $at (local.get $n) (local.get $e) (i64.const 0x6e6f697470656378) (i32.const 8)) ;; xception
                            (call $at (local.get $n) (local.get $e) (i64.const 0x65646f6320746978) (i32.const 8)))) ;; xit code
                (then (return (i32.const 1))))
              ;; xit status: `xit stat` and `us`
              (if (i32.and (call $at (local.get $n) (local.get $e) (i64.const 0x7461747320746978) (i32.const 8))
                           (call $at (i32.add (local.get $n) (i32.const 8)) (local.get $e) (i64.const 0x7375) (i32.const 2)))
                (then (return (i32.const 1))))))
          (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x66)) ;; f F
            (then
              (if (i32.or
                    (i32.or (call $at (local.get $n) (local.get $e) (i64.const 0x4c4941) (i32.const 3))    ;; AIL
                            (call $at (local.get $n) (local.get $e) (i64.const 0x6c6961) (i32.const 3)))   ;; ail
                    (i32.or (call $at (local.get $n) (local.get $e) (i64.const 0x6c617461) (i32.const 4))  ;; atal
                            (call $at (local.get $n) (local.get $e) (i64.const 0x4c415441) (i32.const 4)))) ;; ATAL
                (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x70)) ;; panic
            (then (if (call $at (local.get $n) (local.get $e) (i64.const 0x63696e61) (i32.const 4))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x54)) ;; Traceback
            (then (if (call $at (local.get $n) (local.get $e) (i64.const 0x6b63616265636172) (i32.const 8))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x4b)) ;; Killed
            (then (if (call $at (local.get $n) (local.get $e) (i64.const 0x64656c6c69) (i32.const 5))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x53)) ;; Segmentation: `egmentat` and `ion`
            (then (if (i32.and (call $at (local.get $n) (local.get $e) (i64.const 0x7461746e656d6765) (i32.const 8))
                               (call $at (i32.add (local.get $n) (i32.const 8)) (local.get $e) (i64.const 0x6e6f69) (i32.const 3)))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x74)) ;; timed out
            (then (if (call $at (local.get $n) (local.get $e) (i64.const 0x74756f2064656d69) (i32.const 8))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0x4e)) ;; No space left: `o space ` and `left`
            (then (if (i32.and (call $at (local.get $n) (local.get $e) (i64.const 0x206563617073206f) (i32.const 8))
                               (call $at (i32.add (local.get $n) (i32.const 8)) (local.get $e) (i64.const 0x7466656c) (i32.const 4)))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0xe2)) ;; ✖ ✕
            (then (if (i32.or (call $at (local.get $n) (local.get $e) (i64.const 0x969c) (i32.const 2))
                              (call $at (local.get $n) (local.get $e) (i64.const 0x959c) (i32.const 2)))
              (then (return (i32.const 1))))))
          (if (i32.eq (local.get $c) (i32.const 0xc3)) ;; ×
            (then (if (call $at (local.get $n) (local.get $e) (i64.const 0x97) (i32.const 1))
              (then (return (i32.const 1))))))
        (br $candidate)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $block)))
    (i32.const 0))

  ;; Whether [s, e) is valid UTF-8, as Node's isUtf8 (RFC 3629: no overlong forms, no surrogates, nothing
  ;; past U+10FFFF); runs of 16 ASCII bytes are skipped whole.
  (func $validUtf8 (param $s i32) (param $e i32) (result i32)
    (local $i i32) (local $c i32) (local $c1 i32) (local $lo i32) (local $hi i32)
    (local.set $i (local.get $s))
    (loop $l
      (if (i32.ge_u (local.get $i) (local.get $e)) (then (return (i32.const 1))))
      (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $e))
        (then (if (i32.eqz (i8x16.bitmask (v128.load (local.get $i))))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $l)))))
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.lt_u (local.get $c) (i32.const 0x80))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (if (i32.lt_u (local.get $c) (i32.const 0xc2)) (then (return (i32.const 0))))
      (if (i32.lt_u (local.get $c) (i32.const 0xe0))
        (then
          (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $e)) (then (return (i32.const 0))))
          (if (i32.ne (i32.and (i32.load8_u offset=1 (local.get $i)) (i32.const 0xc0)) (i32.const 0x80))
            (then (return (i32.const 0))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $l)))
      (if (i32.ge_u (local.get $c) (i32.const 0xf5)) (then (return (i32.const 0))))
      ;; the first continuation byte's range: narrower after E0 and F0 (overlong forms), ED
      ;; (surrogates) and F4 (past U+10FFFF)
      (local.set $lo (i32.const 0x80))
      (local.set $hi (i32.const 0xbf))
      (if (i32.eq (local.get $c) (i32.const 0xe0)) (then (local.set $lo (i32.const 0xa0))))
      (if (i32.eq (local.get $c) (i32.const 0xed)) (then (local.set $hi (i32.const 0x9f))))
      (if (i32.eq (local.get $c) (i32.const 0xf0)) (then (local.set $lo (i32.const 0x90))))
      (if (i32.eq (local.get $c) (i32.const 0xf4)) (then (local.set $hi (i32.const 0x8f))))
      (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $e)) (then (return (i32.const 0))))
      (local.set $c1 (i32.load8_u offset=1 (local.get $i)))
      (if (i32.or (i32.lt_u (local.get $c1) (local.get $lo)) (i32.gt_u (local.get $c1) (local.get $hi)))
        (then (return (i32.const 0))))
      (if (i32.ge_u (i32.add (local.get $i) (i32.const 2)) (local.get $e)) (then (return (i32.const 0))))
      (if (i32.ne (i32.and (i32.load8_u offset=2 (local.get $i)) (i32.const 0xc0)) (i32.const 0x80))
        (then (return (i32.const 0))))
      (if (i32.lt_u (local.get $c) (i32.const 0xf0))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 3)))
          (br $l)))
      (if (i32.ge_u (i32.add (local.get $i) (i32.const 3)) (local.get $e)) (then (return (i32.const 0))))
      (if (i32.ne (i32.and (i32.load8_u offset=3 (local.get $i)) (i32.const 0xc0)) (i32.const 0x80))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))
    (i32.const 0))

  ;; Splits IN[$from, $to) into lines and cleans each; stops at the last `\n`, or after $maxLines lines
  ;; (the table's room). Returns the number of lines; their entries are in TABLE from its start.
  (func (export "lines") (param $from i32) (param $to i32) (param $maxLine i32) (param $maxLines i32)
    (result i32)
    (local $p i32) (local $e i32) (local $end i32) (local $k i32) (local $n i32) (local $lineOut i32)
    (local $t i32) (local $flags i32) (local $stamp i32) (local $i i32) (local $lim i32) (local $c i32)
    (local $high i32) (local $stripped i32) (local $to2 i32) (local $m i32) (local $v v128)
    (local $hv v128) (local $nlv v128) (local $escv v128) (local $raw v128) (local $rawHigh i32)
    (local.set $nlv (i8x16.splat (i32.const 10)))
    (local.set $escv (i8x16.splat (i32.const 27)))
    (local.set $p (local.get $from))
    (local.set $n (i32.const 0x100000))
    (local.set $t (i32.const 0x200040))
    (block $stop (loop $line
      (br_if $stop (i32.ge_u (local.get $k) (local.get $maxLines)))
      ;; the line's `\n`, and whether its raw bytes are all ASCII (blocks read past the `\n` may say no
      ;; for the next line's bytes: that only decodes ASCII as UTF-8, which reads the same)
      (local.set $e (local.get $p))
      (local.set $raw (v128.const i64x2 0 0))
      (local.set $rawHigh (i32.const 0))
      (block $found (loop $scan
        (if (i32.le_u (i32.add (local.get $e) (i32.const 16)) (local.get $to))
          (then
            (local.set $v (v128.load (local.get $e)))
            (local.set $raw (v128.or (local.get $raw) (local.get $v)))
            (local.set $m (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $nlv))))
            (if (local.get $m)
              (then
                (local.set $e (i32.add (local.get $e) (i32.ctz (local.get $m))))
                (br $found)))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $scan)))
        (br_if $stop (i32.ge_u (local.get $e) (local.get $to)))
        (br_if $found (i32.eq (i32.load8_u (local.get $e)) (i32.const 10)))
        (local.set $rawHigh (i32.or (local.get $rawHigh) (i32.load8_u (local.get $e))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $scan)))
      (if (i32.or (i8x16.bitmask (local.get $raw)) (i32.ge_u (local.get $rawHigh) (i32.const 0x80)))
        (then (local.set $rawHigh (i32.const 64)))
        (else (local.set $rawHigh (i32.const 0))))
      (local.set $flags (i32.const 0))
      (local.set $lineOut (local.get $n))
      (local.set $end (local.get $e))
      ;; A line over the cap is cut (and counted) by the splitter.
      (if (i32.gt_s (i32.sub (local.get $end) (local.get $p)) (local.get $maxLine))
        (then (local.set $flags (i32.const 1))))
      (if (i32.eqz (local.get $flags))
        (then
          ;; one `\r` goes with the `\n` (the splitter), another with the text (cleanBytes)
          (if (i32.gt_u (local.get $end) (local.get $p))
            (then (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
              (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
          (if (i32.gt_u (local.get $end) (local.get $p))
            (then (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
              (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
          (local.set $stamp (call $stampLength (local.get $p) (local.get $end)))
          ;; Non-ASCII where the stamp is (or could be), or a byte-order mark after it: the string path's.
          (local.set $lim (i32.add (local.get $p) (select (local.get $stamp) (i32.const 32) (local.get $stamp))))
          (if (i32.gt_u (local.get $lim) (local.get $end)) (then (local.set $lim (local.get $end))))
          ;; (the high bits of the 32 bytes from $p, as many as [$p, $lim) holds; at most 32: a stamp
          ;; is shorter)
          (local.set $m (i32.or
            (i8x16.bitmask (v128.load (local.get $p)))
            (i32.shl (i8x16.bitmask (v128.load offset=16 (local.get $p))) (i32.const 16))))
          (local.set $i (i32.sub (local.get $lim) (local.get $p)))
          (if (i32.lt_u (local.get $i) (i32.const 32))
            (then (local.set $m (i32.and (local.get $m)
              (i32.sub (i32.shl (i32.const 1) (local.get $i)) (i32.const 1))))))
          (if (local.get $m) (then (local.set $flags (i32.const 1))))
          (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $stamp))) (i32.const 0xef))
            (then (local.set $flags (i32.const 1))))))
      (if (i32.eqz (local.get $flags))
        (then
          ;; the text, escapes cut out
          (local.set $i (i32.add (local.get $p) (local.get $stamp)))
          (local.set $high (i32.const 0))
          (local.set $hv (v128.const i64x2 0 0))
          (local.set $stripped (i32.const 0))
          (block $done (loop $byte
            (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
            (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $end))
              (then
                ;; 16 bytes of the line: stored whole, kept up to the first ESC among them
                (local.set $v (v128.load (local.get $i)))
                (local.set $m (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $escv))))
                (v128.store (local.get $n) (local.get $v))
                ;; (may count bytes of an escape as text: a byte past ASCII there only sends the line
                ;; to JavaScript, or decodes ASCII as UTF-8, which reads the same)
                (local.set $hv (v128.or (local.get $hv) (local.get $v)))
                (if (i32.eqz (local.get $m))
                  (then
                    (local.set $n (i32.add (local.get $n) (i32.const 16)))
                    (local.set $i (i32.add (local.get $i) (i32.const 16)))
                    (br $byte)))
                (local.set $m (i32.ctz (local.get $m)))
                (local.set $n (i32.add (local.get $n) (local.get $m)))
                (local.set $i (i32.add (local.get $i) (local.get $m))))
              (else
                (local.set $c (i32.load8_u (local.get $i)))
                (if (i32.ne (local.get $c) (i32.const 27))
                  (then
                    (local.set $high (i32.or (local.get $high) (local.get $c)))
                    (i32.store8 (local.get $n) (local.get $c))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $byte)))))
            ;; an escape at $i
            (local.set $to2 (call $escapeEnd (local.get $i) (local.get $end)))
            (if (i32.lt_s (local.get $to2) (i32.const 0))
              (then (local.set $flags (i32.const 1)) (br $done)))
            (local.set $stripped (i32.const 1))
            (local.set $i (local.get $to2))
            (br $byte)))
          (if (i8x16.bitmask (local.get $hv)) (then (local.set $high (i32.const 0x80))))
          ;; Non-ASCII text is UTF-8; with escapes cut out of it, only if the line is valid UTF-8 (else
          ;; the halves of a broken character could have been joined, and the string path decides).
          (if (i32.and (i32.eqz (local.get $flags)) (i32.ge_u (local.get $high) (i32.const 0x80)))
            (then (local.set $flags
              (select (i32.const 2) (i32.const 1)
                (i32.or (i32.eqz (local.get $stripped))
                  (call $validUtf8 (i32.add (local.get $p) (local.get $stamp)) (local.get $end)))))))))
      (if (i32.and (local.get $flags) (i32.const 1))
        (then (local.set $n (local.get $lineOut)))
        (else
          ;; What JavaScript would ask of the text next: KNOWN (8), then LOCATED (16) and MAYBE_FAILURE
          ;; (32). Not for a runner command (`##[…`, `::…`): its prefix is cut from the text later.
          (if (i32.eqz (i32.and (i32.lt_u (local.get $lineOut) (local.get $n))
                (i32.or (i32.eq (i32.load8_u (local.get $lineOut)) (i32.const 35))
                        (i32.eq (i32.load8_u (local.get $lineOut)) (i32.const 58)))))
            (then (local.set $flags (i32.or (local.get $flags) (i32.or (i32.const 8) (i32.or
              (i32.shl (call $located (local.get $lineOut) (local.get $n)) (i32.const 4))
              (i32.shl (call $maybeFailure (local.get $lineOut) (local.get $n)) (i32.const 5))))))))))
      (i32.store (local.get $t) (local.get $e))
      (i32.store offset=4 (local.get $t) (local.get $n))
      (i32.store offset=8 (local.get $t) (i32.or (local.get $flags) (local.get $rawHigh)))
      (local.set $t (i32.add (local.get $t) (i32.const 12)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (local.set $p (i32.add (local.get $e) (i32.const 1)))
      (br $line)))
    (local.get $k)))
