;; The stage-network kernel of the coding path, in WebAssembly with 128-bit SIMD.
;;
;; It computes exactly the numbers of the TypeScript reference (Mlp in src/model/network.ts), operation for
;; operation, so both give the same integer probabilities on every engine:
;; - `hidden`: unit j's sum starts from `from[j]` and adds the active features' weights in list order,
;;   value·weight as one rounded product and one rounded sum (WebAssembly never fuses a multiply-add).
;;   SIMD lanes hold different units, so no unit's order of operations changes; 16 units are kept in
;;   registers while the feature list is walked once per block.
;; - ReLU as `if (h < 0) h = 0`: −0 and NaN stay as they are, as in the reference.
;; - `probability`: the head logit Σ in increasing unit order from the bias, then exactSigmoid, the
;;   scale by 2^P and Math.round (ties towards +∞), clamped to [1, 2^P − 1] (src/probability/exact-math.ts, scaled-probability.ts).
;;
;; The f32 functions (`hidden32`, `probability32`) are the same for float32 models (src/model/arithmetic.ts), with
;; the order of src/model/float32-mlp.ts: f32 sums and products, four units per lane group, and the head's dot
;; product in eight interleaved partial sums.
;;
;; Regenerate the committed bytes (src/model/wasm/mlp-kernel-bytes.ts) with `npm run build:wasm`;
;; test/model/wasm-kernel.test.ts checks they are current.
(module
  (memory (export "memory") 1)

  ;; to[j] = from[j] + Σ_k values[k]·weights[indices[k]·units + j], then ReLU when relu ≠ 0.
  ;; Pointers are byte offsets: from, to, weights, values f64 arrays; indices an i32 array; rows an
  ;; i32 scratch array of count entries (the weight rows' addresses, for the all-ones path).
  (func (export "hidden")
    (param $from i32) (param $to i32) (param $weights i32) (param $units i32)
    (param $indices i32) (param $values i32) (param $count i32) (param $relu i32) (param $rows i32)
    (local $k i32) (local $rowBytes i32) (local $ones i32)
    (local.set $rowBytes (i32.shl (local.get $units) (i32.const 3)))
    ;; Every value 1 (the pyramid stages' binary features): walk precomputed row addresses.
    (local.set $ones (i32.const 1))
    (block $scanned
      (loop $scan
        (br_if $scanned (i32.ge_u (local.get $k) (local.get $count)))
        (if (f64.ne (f64.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 3)))) (f64.const 1))
          (then (local.set $ones (i32.const 0)) (br $scanned)))
        (i32.store (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))
          (i32.add (local.get $weights)
            (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $scan)))
    (if (local.get $ones)
      (then (call $hiddenOnes (local.get $from) (local.get $to) (local.get $units) (local.get $rows) (local.get $count) (local.get $relu)))
      (else (call $hiddenGeneral (local.get $from) (local.get $to) (local.get $weights) (local.get $units)
        (local.get $indices) (local.get $values) (local.get $count) (local.get $relu)))))

  ;; The all-ones case: to[j] = from[j] + Σ_k rows[k][j] in k order, then ReLU when relu ≠ 0.
  (func $hiddenOnes
    (param $from i32) (param $to i32) (param $units i32) (param $rows i32) (param $count i32) (param $relu i32)
    (local $j i32) (local $k i32) (local $p i32) (local $offset i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $x f64)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $done16
      (loop $block16
        (br_if $done16 (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $units)))
        (local.set $offset (i32.shl (local.get $j) (i32.const 3)))
        (local.set $p (i32.add (local.get $from) (local.get $offset)))
        (local.set $a0 (v128.load offset=0 (local.get $p)))
        (local.set $a1 (v128.load offset=16 (local.get $p)))
        (local.set $a2 (v128.load offset=32 (local.get $p)))
        (local.set $a3 (v128.load offset=48 (local.get $p)))
        (local.set $a4 (v128.load offset=64 (local.get $p)))
        (local.set $a5 (v128.load offset=80 (local.get $p)))
        (local.set $a6 (v128.load offset=96 (local.get $p)))
        (local.set $a7 (v128.load offset=112 (local.get $p)))
        (local.set $k (local.get $rows))
        (block $features16
          (loop $feature16
            (br_if $features16 (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $p (i32.add (i32.load (local.get $k)) (local.get $offset)))
            (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $p))))
            (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $p))))
            (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $p))))
            (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $p))))
            (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $p))))
            (local.set $a5 (f64x2.add (local.get $a5) (v128.load offset=80 (local.get $p))))
            (local.set $a6 (f64x2.add (local.get $a6) (v128.load offset=96 (local.get $p))))
            (local.set $a7 (f64x2.add (local.get $a7) (v128.load offset=112 (local.get $p))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $feature16)))
        (if (local.get $relu)
          (then
            (local.set $a0 (call $relu2 (local.get $a0)))
            (local.set $a1 (call $relu2 (local.get $a1)))
            (local.set $a2 (call $relu2 (local.get $a2)))
            (local.set $a3 (call $relu2 (local.get $a3)))
            (local.set $a4 (call $relu2 (local.get $a4)))
            (local.set $a5 (call $relu2 (local.get $a5)))
            (local.set $a6 (call $relu2 (local.get $a6)))
            (local.set $a7 (call $relu2 (local.get $a7)))))
        (local.set $p (i32.add (local.get $to) (local.get $offset)))
        (v128.store offset=0 (local.get $p) (local.get $a0))
        (v128.store offset=16 (local.get $p) (local.get $a1))
        (v128.store offset=32 (local.get $p) (local.get $a2))
        (v128.store offset=48 (local.get $p) (local.get $a3))
        (v128.store offset=64 (local.get $p) (local.get $a4))
        (v128.store offset=80 (local.get $p) (local.get $a5))
        (v128.store offset=96 (local.get $p) (local.get $a6))
        (v128.store offset=112 (local.get $p) (local.get $a7))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $block16)))
    ;; The units left over, one at a time.
    (block $done1
      (loop $block1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $offset (i32.shl (local.get $j) (i32.const 3)))
        (local.set $x (f64.load (i32.add (local.get $from) (local.get $offset))))
        (local.set $k (local.get $rows))
        (block $features1
          (loop $feature1
            (br_if $features1 (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $x (f64.add (local.get $x) (f64.load (i32.add (i32.load (local.get $k)) (local.get $offset)))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $feature1)))
        (if (i32.and (local.get $relu) (f64.lt (local.get $x) (f64.const 0)))
          (then (local.set $x (f64.const 0))))
        (f64.store (i32.add (local.get $to) (local.get $offset)) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $block1))))

  ;; The general case: any values (the gray window's v / 255 among them).
  (func $hiddenGeneral
    (param $from i32) (param $to i32) (param $weights i32) (param $units i32)
    (param $indices i32) (param $values i32) (param $count i32) (param $relu i32)
    (local $j i32) (local $k i32) (local $row i32) (local $p i32) (local $value f64) (local $scale v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $rowBytes i32) (local $x f64)
    (local.set $rowBytes (i32.shl (local.get $units) (i32.const 3)))
    ;; Blocks of 16 units: eight f64x2 accumulators.
    (block $done16
      (loop $block16
        (br_if $done16 (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $units)))
        (local.set $p (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $a0 (v128.load offset=0 (local.get $p)))
        (local.set $a1 (v128.load offset=16 (local.get $p)))
        (local.set $a2 (v128.load offset=32 (local.get $p)))
        (local.set $a3 (v128.load offset=48 (local.get $p)))
        (local.set $a4 (v128.load offset=64 (local.get $p)))
        (local.set $a5 (v128.load offset=80 (local.get $p)))
        (local.set $a6 (v128.load offset=96 (local.get $p)))
        (local.set $a7 (v128.load offset=112 (local.get $p)))
        (local.set $k (i32.const 0))
        (block $features16
          (loop $feature16
            (br_if $features16 (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $value (f64.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $p (i32.add (i32.add (local.get $weights) (i32.mul (local.get $row) (local.get $rowBytes)))
                                   (i32.shl (local.get $j) (i32.const 3))))
            (if (f64.eq (local.get $value) (f64.const 1))
              (then
                (local.set $a0 (f64x2.add (local.get $a0) (v128.load offset=0 (local.get $p))))
                (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $p))))
                (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $p))))
                (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $p))))
                (local.set $a4 (f64x2.add (local.get $a4) (v128.load offset=64 (local.get $p))))
                (local.set $a5 (f64x2.add (local.get $a5) (v128.load offset=80 (local.get $p))))
                (local.set $a6 (f64x2.add (local.get $a6) (v128.load offset=96 (local.get $p))))
                (local.set $a7 (f64x2.add (local.get $a7) (v128.load offset=112 (local.get $p)))))
              (else
                (local.set $scale (f64x2.splat (local.get $value)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $scale) (v128.load offset=0 (local.get $p)))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $scale) (v128.load offset=16 (local.get $p)))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $scale) (v128.load offset=32 (local.get $p)))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $scale) (v128.load offset=48 (local.get $p)))))
                (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $scale) (v128.load offset=64 (local.get $p)))))
                (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $scale) (v128.load offset=80 (local.get $p)))))
                (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $scale) (v128.load offset=96 (local.get $p)))))
                (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $scale) (v128.load offset=112 (local.get $p)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $feature16)))
        (if (local.get $relu)
          (then
            (local.set $a0 (call $relu2 (local.get $a0)))
            (local.set $a1 (call $relu2 (local.get $a1)))
            (local.set $a2 (call $relu2 (local.get $a2)))
            (local.set $a3 (call $relu2 (local.get $a3)))
            (local.set $a4 (call $relu2 (local.get $a4)))
            (local.set $a5 (call $relu2 (local.get $a5)))
            (local.set $a6 (call $relu2 (local.get $a6)))
            (local.set $a7 (call $relu2 (local.get $a7)))))
        (local.set $p (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 3))))
        (v128.store offset=0 (local.get $p) (local.get $a0))
        (v128.store offset=16 (local.get $p) (local.get $a1))
        (v128.store offset=32 (local.get $p) (local.get $a2))
        (v128.store offset=48 (local.get $p) (local.get $a3))
        (v128.store offset=64 (local.get $p) (local.get $a4))
        (v128.store offset=80 (local.get $p) (local.get $a5))
        (v128.store offset=96 (local.get $p) (local.get $a6))
        (v128.store offset=112 (local.get $p) (local.get $a7))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $block16)))
    ;; The units left over (units mod 16), one at a time in scalar f64.
    (block $done1
      (loop $block1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $x (f64.load (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $k (i32.const 0))
        (block $features1
          (loop $feature1
            (br_if $features1 (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $value (f64.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $p (i32.add (i32.add (local.get $weights) (i32.mul (local.get $row) (local.get $rowBytes)))
                                   (i32.shl (local.get $j) (i32.const 3))))
            (if (f64.eq (local.get $value) (f64.const 1))
              (then (local.set $x (f64.add (local.get $x) (f64.load (local.get $p)))))
              (else (local.set $x (f64.add (local.get $x) (f64.mul (local.get $value) (f64.load (local.get $p)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $feature1)))
        (if (i32.and (local.get $relu) (f64.lt (local.get $x) (f64.const 0)))
          (then (local.set $x (f64.const 0))))
        (f64.store (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 3))) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $block1))))

  ;; Lanes below 0 become +0; −0, NaN and positive lanes stay.
  (func $relu2 (param $v v128) (result v128)
    (v128.andnot (local.get $v) (f64x2.lt (local.get $v) (f64x2.splat (f64.const 0)))))

  ;; p(1) as an integer in [1, 2^precisionBits − 1] from head weights (units f64), the hidden layer
  ;; and the head's bias: logitToScaledProbability(bias + Σ_j weights[j]·hidden[j]).
  (func (export "probability")
    (param $weights i32) (param $hidden i32) (param $units i32) (param $bias f64) (param $precisionBits i32)
    (result i32)
    (local $j i32) (local $sum f64)
    (local.set $sum (local.get $bias))
    (block $done
      (loop $unit
        (br_if $done (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $sum (f64.add (local.get $sum)
          (f64.mul (f64.load (i32.add (local.get $weights) (i32.shl (local.get $j) (i32.const 3))))
                   (f64.load (i32.add (local.get $hidden) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $unit)))
    (call $scaledProbability (local.get $sum) (local.get $precisionBits)))

  ;; ---- float32 (src/model/float32-mlp.ts) ----

  ;; hidden in f32: from, to, weights, values f32 arrays; indices and rows i32 arrays (as `hidden`).
  (func (export "hidden32")
    (param $from i32) (param $to i32) (param $weights i32) (param $units i32)
    (param $indices i32) (param $values i32) (param $count i32) (param $relu i32) (param $rows i32)
    (local $k i32) (local $rowBytes i32) (local $ones i32)
    (local.set $rowBytes (i32.shl (local.get $units) (i32.const 2)))
    (local.set $ones (i32.const 1))
    (block $scanned
      (loop $scan
        (br_if $scanned (i32.ge_u (local.get $k) (local.get $count)))
        (if (f32.ne (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2)))) (f32.const 1))
          (then (local.set $ones (i32.const 0)) (br $scanned)))
        (i32.store (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))
          (i32.add (local.get $weights)
            (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $scan)))
    (if (local.get $ones)
      (then (call $hiddenOnes32 (local.get $from) (local.get $to) (local.get $units) (local.get $rows) (local.get $count) (local.get $relu)))
      (else (call $hiddenGeneral32 (local.get $from) (local.get $to) (local.get $weights) (local.get $units)
        (local.get $indices) (local.get $values) (local.get $count) (local.get $relu)))))

  ;; The all-ones case in f32: blocks of 32 units (eight f32x4 accumulators), then of 4, then one at a time.
  (func $hiddenOnes32
    (param $from i32) (param $to i32) (param $units i32) (param $rows i32) (param $count i32) (param $relu i32)
    (local $j i32) (local $k i32) (local $p i32) (local $offset i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $x f32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $done32
      (loop $block32
        (br_if $done32 (i32.gt_u (i32.add (local.get $j) (i32.const 32)) (local.get $units)))
        (local.set $offset (i32.shl (local.get $j) (i32.const 2)))
        (local.set $p (i32.add (local.get $from) (local.get $offset)))
        (local.set $a0 (v128.load offset=0 align=4 (local.get $p)))
        (local.set $a1 (v128.load offset=16 align=4 (local.get $p)))
        (local.set $a2 (v128.load offset=32 align=4 (local.get $p)))
        (local.set $a3 (v128.load offset=48 align=4 (local.get $p)))
        (local.set $a4 (v128.load offset=64 align=4 (local.get $p)))
        (local.set $a5 (v128.load offset=80 align=4 (local.get $p)))
        (local.set $a6 (v128.load offset=96 align=4 (local.get $p)))
        (local.set $a7 (v128.load offset=112 align=4 (local.get $p)))
        (local.set $k (local.get $rows))
        (block $features32
          (loop $feature32
            (br_if $features32 (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $p (i32.add (i32.load (local.get $k)) (local.get $offset)))
            (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 align=4 (local.get $p))))
            (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 align=4 (local.get $p))))
            (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 align=4 (local.get $p))))
            (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 align=4 (local.get $p))))
            (local.set $a4 (f32x4.add (local.get $a4) (v128.load offset=64 align=4 (local.get $p))))
            (local.set $a5 (f32x4.add (local.get $a5) (v128.load offset=80 align=4 (local.get $p))))
            (local.set $a6 (f32x4.add (local.get $a6) (v128.load offset=96 align=4 (local.get $p))))
            (local.set $a7 (f32x4.add (local.get $a7) (v128.load offset=112 align=4 (local.get $p))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $feature32)))
        (if (local.get $relu)
          (then
            (local.set $a0 (call $relu4 (local.get $a0)))
            (local.set $a1 (call $relu4 (local.get $a1)))
            (local.set $a2 (call $relu4 (local.get $a2)))
            (local.set $a3 (call $relu4 (local.get $a3)))
            (local.set $a4 (call $relu4 (local.get $a4)))
            (local.set $a5 (call $relu4 (local.get $a5)))
            (local.set $a6 (call $relu4 (local.get $a6)))
            (local.set $a7 (call $relu4 (local.get $a7)))))
        (local.set $p (i32.add (local.get $to) (local.get $offset)))
        (v128.store offset=0 align=4 (local.get $p) (local.get $a0))
        (v128.store offset=16 align=4 (local.get $p) (local.get $a1))
        (v128.store offset=32 align=4 (local.get $p) (local.get $a2))
        (v128.store offset=48 align=4 (local.get $p) (local.get $a3))
        (v128.store offset=64 align=4 (local.get $p) (local.get $a4))
        (v128.store offset=80 align=4 (local.get $p) (local.get $a5))
        (v128.store offset=96 align=4 (local.get $p) (local.get $a6))
        (v128.store offset=112 align=4 (local.get $p) (local.get $a7))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $block32)))
    (block $done4
      (loop $block4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $units)))
        (local.set $offset (i32.shl (local.get $j) (i32.const 2)))
        (local.set $a0 (v128.load align=4 (i32.add (local.get $from) (local.get $offset))))
        (local.set $k (local.get $rows))
        (block $features4
          (loop $feature4
            (br_if $features4 (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $a0 (f32x4.add (local.get $a0) (v128.load align=4 (i32.add (i32.load (local.get $k)) (local.get $offset)))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $feature4)))
        (if (local.get $relu) (then (local.set $a0 (call $relu4 (local.get $a0)))))
        (v128.store align=4 (i32.add (local.get $to) (local.get $offset)) (local.get $a0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $block4)))
    (block $done1
      (loop $block1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $offset (i32.shl (local.get $j) (i32.const 2)))
        (local.set $x (f32.load (i32.add (local.get $from) (local.get $offset))))
        (local.set $k (local.get $rows))
        (block $features1
          (loop $feature1
            (br_if $features1 (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $x (f32.add (local.get $x) (f32.load (i32.add (i32.load (local.get $k)) (local.get $offset)))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $feature1)))
        (if (i32.and (local.get $relu) (f32.lt (local.get $x) (f32.const 0)))
          (then (local.set $x (f32.const 0))))
        (f32.store (i32.add (local.get $to) (local.get $offset)) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $block1))))

  ;; The general case in f32 (any values): blocks of 32 units, then of 4, then one at a time.
  (func $hiddenGeneral32
    (param $from i32) (param $to i32) (param $weights i32) (param $units i32)
    (param $indices i32) (param $values i32) (param $count i32) (param $relu i32)
    (local $j i32) (local $k i32) (local $row i32) (local $p i32) (local $value f32) (local $scale v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $rowBytes i32) (local $x f32)
    (local.set $rowBytes (i32.shl (local.get $units) (i32.const 2)))
    (block $done32
      (loop $block32
        (br_if $done32 (i32.gt_u (i32.add (local.get $j) (i32.const 32)) (local.get $units)))
        (local.set $p (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a0 (v128.load offset=0 align=4 (local.get $p)))
        (local.set $a1 (v128.load offset=16 align=4 (local.get $p)))
        (local.set $a2 (v128.load offset=32 align=4 (local.get $p)))
        (local.set $a3 (v128.load offset=48 align=4 (local.get $p)))
        (local.set $a4 (v128.load offset=64 align=4 (local.get $p)))
        (local.set $a5 (v128.load offset=80 align=4 (local.get $p)))
        (local.set $a6 (v128.load offset=96 align=4 (local.get $p)))
        (local.set $a7 (v128.load offset=112 align=4 (local.get $p)))
        (local.set $k (i32.const 0))
        (block $features32
          (loop $feature32
            (br_if $features32 (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $value (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $p (i32.add (i32.add (local.get $weights) (i32.mul (local.get $row) (local.get $rowBytes)))
                                   (i32.shl (local.get $j) (i32.const 2))))
            (if (f32.eq (local.get $value) (f32.const 1))
              (then
                (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 align=4 (local.get $p))))
                (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 align=4 (local.get $p))))
                (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 align=4 (local.get $p))))
                (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 align=4 (local.get $p))))
                (local.set $a4 (f32x4.add (local.get $a4) (v128.load offset=64 align=4 (local.get $p))))
                (local.set $a5 (f32x4.add (local.get $a5) (v128.load offset=80 align=4 (local.get $p))))
                (local.set $a6 (f32x4.add (local.get $a6) (v128.load offset=96 align=4 (local.get $p))))
                (local.set $a7 (f32x4.add (local.get $a7) (v128.load offset=112 align=4 (local.get $p)))))
              (else
                (local.set $scale (f32x4.splat (local.get $value)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $scale) (v128.load offset=0 align=4 (local.get $p)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $scale) (v128.load offset=16 align=4 (local.get $p)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $scale) (v128.load offset=32 align=4 (local.get $p)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $scale) (v128.load offset=48 align=4 (local.get $p)))))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $scale) (v128.load offset=64 align=4 (local.get $p)))))
                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $scale) (v128.load offset=80 align=4 (local.get $p)))))
                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $scale) (v128.load offset=96 align=4 (local.get $p)))))
                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $scale) (v128.load offset=112 align=4 (local.get $p)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $feature32)))
        (if (local.get $relu)
          (then
            (local.set $a0 (call $relu4 (local.get $a0)))
            (local.set $a1 (call $relu4 (local.get $a1)))
            (local.set $a2 (call $relu4 (local.get $a2)))
            (local.set $a3 (call $relu4 (local.get $a3)))
            (local.set $a4 (call $relu4 (local.get $a4)))
            (local.set $a5 (call $relu4 (local.get $a5)))
            (local.set $a6 (call $relu4 (local.get $a6)))
            (local.set $a7 (call $relu4 (local.get $a7)))))
        (local.set $p (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store offset=0 align=4 (local.get $p) (local.get $a0))
        (v128.store offset=16 align=4 (local.get $p) (local.get $a1))
        (v128.store offset=32 align=4 (local.get $p) (local.get $a2))
        (v128.store offset=48 align=4 (local.get $p) (local.get $a3))
        (v128.store offset=64 align=4 (local.get $p) (local.get $a4))
        (v128.store offset=80 align=4 (local.get $p) (local.get $a5))
        (v128.store offset=96 align=4 (local.get $p) (local.get $a6))
        (v128.store offset=112 align=4 (local.get $p) (local.get $a7))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $block32)))
    (block $done4
      (loop $block4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $units)))
        (local.set $a0 (v128.load align=4 (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $k (i32.const 0))
        (block $features4
          (loop $feature4
            (br_if $features4 (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $value (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $p (i32.add (i32.add (local.get $weights) (i32.mul (local.get $row) (local.get $rowBytes)))
                                   (i32.shl (local.get $j) (i32.const 2))))
            (if (f32.eq (local.get $value) (f32.const 1))
              (then (local.set $a0 (f32x4.add (local.get $a0) (v128.load align=4 (local.get $p)))))
              (else (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (f32x4.splat (local.get $value)) (v128.load align=4 (local.get $p)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $feature4)))
        (if (local.get $relu) (then (local.set $a0 (call $relu4 (local.get $a0)))))
        (v128.store align=4 (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 2))) (local.get $a0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $block4)))
    (block $done1
      (loop $block1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $x (f32.load (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $k (i32.const 0))
        (block $features1
          (loop $feature1
            (br_if $features1 (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $row (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $value (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $p (i32.add (i32.add (local.get $weights) (i32.mul (local.get $row) (local.get $rowBytes)))
                                   (i32.shl (local.get $j) (i32.const 2))))
            (if (f32.eq (local.get $value) (f32.const 1))
              (then (local.set $x (f32.add (local.get $x) (f32.load (local.get $p)))))
              (else (local.set $x (f32.add (local.get $x) (f32.mul (local.get $value) (f32.load (local.get $p)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $feature1)))
        (if (i32.and (local.get $relu) (f32.lt (local.get $x) (f32.const 0)))
          (then (local.set $x (f32.const 0))))
        (f32.store (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 2))) (local.get $x))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $block1))))

  ;; f32 lanes below 0 become +0; −0, NaN and positive lanes stay.
  (func $relu4 (param $v v128) (result v128)
    (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (f32x4.splat (f32.const 0)))))

  ;; p(1) of a float32 head: eight partial sums s[j mod 8] (two f32x4 accumulators) below the largest
  ;; multiple of 8 units, c[l] = s[l] + s[l + 4], (c[0] + c[2]) + (c[1] + c[3]), the units left in
  ;; order, then bias + sum; the single logit then quantized as `probability` does.
  (func (export "probability32")
    (param $weights i32) (param $hidden i32) (param $units i32) (param $bias f32) (param $precisionBits i32)
    (result i32)
    (local $j i32) (local $blocked i32) (local $p i32) (local $q i32) (local $a v128) (local $b v128) (local $sum f32)
    (local.set $blocked (i32.and (local.get $units) (i32.const -8)))
    (block $done8
      (loop $unit8
        (br_if $done8 (i32.ge_u (local.get $j) (local.get $blocked)))
        (local.set $p (i32.add (local.get $weights) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $q (i32.add (local.get $hidden) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load offset=0 align=4 (local.get $p)) (v128.load offset=0 align=4 (local.get $q)))))
        (local.set $b (f32x4.add (local.get $b) (f32x4.mul (v128.load offset=16 align=4 (local.get $p)) (v128.load offset=16 align=4 (local.get $q)))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $unit8)))
    ;; Lane l of a: c[l] = s[l] + s[l + 4]; then lanes 0, 1: c[0] + c[2], c[1] + c[3].
    (local.set $a (f32x4.add (local.get $a) (local.get $b)))
    (local.set $a (f32x4.add (local.get $a)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))
    (local.set $sum (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a))))
    (block $done1
      (loop $unit1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $units)))
        (local.set $sum (f32.add (local.get $sum)
          (f32.mul (f32.load (i32.add (local.get $weights) (i32.shl (local.get $j) (i32.const 2))))
                   (f32.load (i32.add (local.get $hidden) (i32.shl (local.get $j) (i32.const 2)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $unit1)))
    (call $scaledProbability (f64.promote_f32 (f32.add (local.get $bias) (local.get $sum))) (local.get $precisionBits)))

  ;; logitToScaledProbability (src/probability/scaled-probability.ts), exported so that tests can compare it on any logit.
  (func $scaledProbability (export "scaledProbability") (param $logit f64) (param $precisionBits i32) (result i32)
    (local $total f64) (local $scaled f64)
    (local.set $total (call $powerOfTwo (local.get $precisionBits)))
    (local.set $scaled (call $jsRound (f64.mul (call $exactSigmoid (local.get $logit)) (local.get $total))))
    ;; !(scaled >= 1) → 1 (NaN included); scaled > total − 1 → total − 1.
    (if (i32.eqz (f64.ge (local.get $scaled) (f64.const 1))) (then (return (i32.const 1))))
    (if (f64.gt (local.get $scaled) (f64.sub (local.get $total) (f64.const 1)))
      (then (local.set $scaled (f64.sub (local.get $total) (f64.const 1)))))
    (i32.trunc_f64_u (local.get $scaled)))

  ;; exactSigmoid: x ≥ 0 ? 1 / (1 + e^−x) : e^x / (1 + e^x).
  (func $exactSigmoid (export "exactSigmoid") (param $x f64) (result f64)
    (local $e f64)
    (if (result f64) (f64.ge (local.get $x) (f64.const 0))
      (then (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exactExp (f64.neg (local.get $x))))))
      (else
        (local.set $e (call $exactExp (local.get $x)))
        (f64.div (local.get $e) (f64.add (f64.const 1) (local.get $e))))))

  ;; exactExp: n = Math.round(x / ln 2), r = x − n·LN2_HI − n·LN2_LO, Horner Σ r^k / k! (k ≤ 13), · 2^n.
  ;; The constants are the doubles the reference computes (1 / 13!, …), written exactly in hex.
  (func $exactExp (export "exactExp") (param $x f64) (result f64)
    (local $n f64) (local $r f64) (local $sum f64)
    (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
    (if (f64.gt (local.get $x) (f64.const 709)) (then (return (f64.const inf))))
    (if (f64.lt (local.get $x) (f64.const -708)) (then (return (f64.const 0))))
    (local.set $n (call $jsRound (f64.mul (local.get $x) (f64.const 0x1.71547652b82fep0))))
    (local.set $r (f64.sub
      (f64.sub (local.get $x) (f64.mul (local.get $n) (f64.const 0x1.62e42fee00000p-1)))
      (f64.mul (local.get $n) (f64.const 0x1.a39ef35793c76p-33))))
    (local.set $sum (f64.const 0x1.6124613a86d09p-33))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.1eed8eff8d898p-29)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.ae64567f544e4p-26)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.27e4fb7789f5cp-22)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.71de3a556c734p-19)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.a01a01a01a01ap-16)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.a01a01a01a01ap-13)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.6c16c16c16c17p-10)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.1111111111111p-7)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.5555555555555p-5)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.5555555555555p-3)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 0x1.0000000000000p-1)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 1)))
    (local.set $sum (f64.add (f64.mul (local.get $sum) (local.get $r)) (f64.const 1)))
    (f64.mul (local.get $sum) (call $powerOfTwo (i32.trunc_f64_s (local.get $n)))))

  ;; 2^n for n in [−1022, 1023], exactly (the exponent field of a double).
  (func $powerOfTwo (param $n i32) (result f64)
    (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (local.get $n) (i32.const 1023))) (i64.const 52))))

  ;; Math.round: the nearest integer, halves towards +∞. y − floor(y) is exact here (see the test).
  (func $jsRound (param $y f64) (result f64)
    (local $f f64)
    (local.set $f (f64.floor (local.get $y)))
    (if (result f64) (f64.ge (f64.sub (local.get $y) (local.get $f)) (f64.const 0.5))
      (then (f64.add (local.get $f) (f64.const 1)))
      (else (local.get $f))))
)
