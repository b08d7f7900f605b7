;; The stage-network kernel of the coding path, in WebAssembly with 128-bit SIMD.
;;
;; It computes exactly the numbers of the TypeScript reference (src/model/mlp.ts), operation for
;; operation, so both give the same integer probabilities on every engine:
;; - `hidden`: unit j's sum starts from `from[j]` and adds the active features' weights in list order,
;;   value·weight as one rounded product and one rounded sum (WebAssembly never fuses a multiply-add).
;;   SIMD lanes hold different units, so no unit's order of operations changes; 16 units are kept in
;;   registers while the feature list is walked once per block.
;; - ReLU as `if (h < 0) h = 0`: −0 and NaN stay as they are, as in the reference.
;; - `probability`: the head logit Σ in increasing unit order from the bias, then exactSigmoid, the
;;   scale by 2^P and Math.round (ties towards +∞), clamped to [1, 2^P − 1] (src/model/exact-math.ts).
;;
;; Regenerate the committed bytes (src/model/wasm/mlp-kernel-bytes.ts) with `npm run build:wasm`;
;; test/model/wasm-kernel.test.ts checks they are current.
(module
  (memory (export "memory") 1)

  ;; to[j] = from[j] + Σ_k values[k]·weights[indices[k]·units + j], then ReLU when relu ≠ 0.
  ;; Pointers are byte offsets: from, to, weights, values f64 arrays; indices an i32 array.
  (func (export "hidden")
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

  ;; logitToScaledProbability (exact-math.ts), exported so that tests can compare it on any logit.
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
