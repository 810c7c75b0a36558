"""The engine's words: worked-solution lines and error sentences (en + zh).

Values are filled in already formatted (numbers, vectors and formulas written as
math), so they read the same in both languages; argument names and the values a
learner typed stay as typed. Keys: ``engine.<computation>.<what>`` for one
computation's lines, ``engine.<shared phrase>`` for lines several share, and
``engine.error.<what>`` for error sentences.
"""

MESSAGES = {
    # --- shared lines and phrases ------------------------------------------------------
    "engine.step": {"en": "step {n}: {math}", "zh": "第 {n} 步：{math}"},
    "engine.note": {"en": "{math}  ({note})", "zh": "{math}（{note}）"},
    "engine.eq": {"en": "{lhs} = {rhs}", "zh": "{lhs} = {rhs}"},
    "engine.row": {"en": "row {i}: {math}", "zh": "第 {i} 行：{math}"},
    "engine.threshold": {"en": "threshold {t}: {math}", "zh": "阈值 {t}：{math}"},
    "engine.more.rows": {
        "en": "… {count} more rows computed the same way",
        "en_one": "… 1 more row computed the same way",
        "zh": "…… 其余 {count} 行按同样方法计算",
    },
    "engine.more.classes": {
        "en": "… {count} more classes computed the same way",
        "en_one": "… 1 more class computed the same way",
        "zh": "…… 其余 {count} 个类别按同样方法计算",
    },
    "engine.more.thresholds": {
        "en": "… {count} more thresholds computed the same way",
        "en_one": "… 1 more threshold computed the same way",
        "zh": "…… 其余 {count} 个阈值按同样方法计算",
    },
    "engine.more.positives": {
        "en": "… {count} more positives computed the same way",
        "en_one": "… 1 more positive computed the same way",
        "zh": "…… 其余 {count} 个正样本按同样方法计算",
    },
    "engine.more.points": {
        "en": "… {count} more points computed the same way",
        "en_one": "… 1 more point computed the same way",
        "zh": "…… 其余 {count} 个点按同样方法计算",
    },
    "engine.more.sample_groups": {
        "en": "… {count} more (sample, group) pairs computed the same way",
        "en_one": "… 1 more (sample, group) pair computed the same way",
        "zh": "…… 其余 {count} 个（样本，组）按同样方法计算",
    },
    "engine.more.sample_channels": {
        "en": "… {count} more (sample, channel) pairs computed the same way",
        "en_one": "… 1 more (sample, channel) pair computed the same way",
        "zh": "…… 其余 {count} 个（样本，通道）按同样方法计算",
    },
    "engine.torch_at_zero": {"en": "torch takes {value} at x = 0", "zh": "torch 在 x = 0 处取 {value}"},
    "engine.if_positive": {
        "en": "{f} = {pos} if x > 0, else {neg}",
        "zh": "x > 0 时 {f} = {pos}，否则为 {neg}",
    },
    "engine.at_most": {
        "en": "at most {top}, reached at x = 0",
        "zh": "最大值为 {top}，在 x = 0 处取到",
    },
    # quantities named in words
    "engine.term.accuracy": {"en": "accuracy", "zh": "准确率"},
    "engine.term.precision": {"en": "precision", "zh": "精确率"},
    "engine.term.recall": {"en": "recall", "zh": "召回率"},
    "engine.term.specificity": {"en": "specificity", "zh": "特异度"},
    # shapes, for error sentences
    "engine.shape.number": {"en": "a number", "zh": "一个数"},
    "engine.shape.vector": {"en": "a vector", "zh": "一个向量"},
    "engine.shape.matrix": {"en": "a matrix", "zh": "一个矩阵"},
    "engine.shape.ndim": {"en": "a {d}-d array", "zh": "一个 {d} 维数组"},
    "engine.shape.or": {"en": "{a} or {b}", "zh": "{a}或{b}"},
    # --- metrics -----------------------------------------------------------------------
    "engine.confusion_matrix.order": {
        "en": "labels in order {labels}: row = true label, column = predicted label",
        "zh": "标签依次为 {labels}：行是真实标签，列是预测标签",
    },
    "engine.confusion_matrix.count": {
        "en": "each sample adds 1 to the cell (its true label, its predicted label)",
        "zh": "每个样本在（真实标签，预测标签）对应的格子里加 1",
    },
    "engine.confusion_matrix.skipped": {
        "en": "{count} samples have a label outside labels and are not counted",
        "en_one": "1 sample has a label outside labels and is not counted",
        "zh": "有 {count} 个样本的标签不在 labels 中，不计入",
    },
    "engine.confusion_matrix.row": {
        "en": "true {label}: {row}  (row sum {total})",
        "zh": "真实为 {label}：{row}（行和 {total}）",
    },
    "engine.confusion_matrix.diagonal": {
        "en": "diagonal (correct predictions): {correct} of {n}",
        "zh": "对角线（预测正确）：{n} 个样本中有 {correct} 个",
    },
    "engine.accuracy.correct": {
        "en": "correct predictions (ŷ = y): {correct} of n = {n}",
        "zh": "n = {n} 个样本中预测正确（ŷ = y）的有 {correct} 个",
    },
    "engine.f1.harmonic": {
        "en": "the harmonic mean 2·P·R / (P + R)",
        "zh": "即调和平均 2·P·R / (P + R)",
    },
    "engine.fbeta.formula": {
        "en": "{name} = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP) with β² = {b2}: {math}",
        "zh": "{name} = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP)，其中 β² = {b2}：{math}",
    },
    "engine.fbeta.harmonic": {
        "en": "the weighted harmonic mean (1 + β²)·P·R / (β²·P + R)",
        "zh": "即加权调和平均 (1 + β²)·P·R / (β²·P + R)",
    },
    "engine.prf.class": {"en": "class {label}: {math}", "zh": "类别 {label}：{math}"},
    "engine.prf.positive": {"en": "positive class pos_label = {pos}", "zh": "正类 pos_label = {pos}"},
    "engine.prf.counts": {
        "en": "TP = {tp} (predicted {pos}, truly {pos}), FP = {fp} (predicted {pos}, truly not), "
        "FN = {fn} (truly {pos}, predicted otherwise)",
        "zh": "TP = {tp}（预测为 {pos}，实际为 {pos}），FP = {fp}（预测为 {pos}，实际不是），"
        "FN = {fn}（实际为 {pos}，预测成了别的）",
    },
    "engine.prf.labels": {
        "en": "labels (sorted union of y_true and y_pred): {labels}",
        "zh": "标签（y_true 与 y_pred 中标签的并集，已排序）：{labels}",
    },
    "engine.prf.pos_label_ignored": {
        "en": 'pos_label is ignored when average = "{average}" (as in sklearn)',
        "zh": 'average = "{average}" 时忽略 pos_label（与 sklearn 一致）',
    },
    "engine.prf.micro": {
        "en": "micro: add the counts over all classes: {math}",
        "zh": "micro：把所有类别的计数相加：{math}",
    },
    "engine.prf.macro": {
        "en": "macro {name} = unweighted mean over {count} classes of {scores} = {value}",
        "zh": "{name}（宏平均）= {count} 个类别的 {scores} 的算术平均 = {value}",
    },
    "engine.prf.weighted": {
        "en": "weighted {name} = Σ support·score / Σ support with supports (true counts) {supports}: {math}",
        "zh": "{name}（加权平均）= Σ 支持数·得分 / Σ 支持数，各类支持数（真实样本数）为 {supports}：{math}",
    },
    "engine.binary_metrics.zero": {"en": "a 0/0 ratio counts as 0", "zh": "0/0 的比值记为 0"},
    "engine.roc_curve.counts": {
        "en": "P = {P} positives, N = {N} negatives; predict positive when score ≥ threshold",
        "zh": "正样本 P = {P} 个，负样本 N = {N} 个；得分 ≥ 阈值时预测为正",
    },
    "engine.roc_curve.start": {
        "en": "start above every score: TPR = 0, FPR = 0",
        "zh": "阈值高于所有得分时：TPR = 0，FPR = 0",
    },
    "engine.roc_auc.pairs": {
        "en": "positive class {pos} (the larger label): P = {P}, N = {N}, so P·N = {pairs} (positive, negative) pairs",
        "zh": "正类为 {pos}（较大的标签）：P = {P}，N = {N}，共 P·N = {pairs} 个（正样本，负样本）对",
    },
    "engine.roc_auc.score": {
        "en": "a pair scores 1 when the positive has the higher score, ½ when tied, 0 otherwise",
        "zh": "正样本得分更高的对记 1，得分相同记 ½，否则记 0",
    },
    "engine.roc_auc.positive": {
        "en": "positive with score {score}: above {count} negatives, tied with {tied}",
        "en_one": "positive with score {score}: above 1 negative, tied with {tied}",
        "zh": "得分为 {score} 的正样本：高于 {count} 个负样本，与 {tied} 个并列",
    },
    "engine.roc_auc.value": {
        "en": "AUC = (wins + ½·ties) / (P·N) = {math}",
        "zh": "AUC = (胜出对数 + ½·并列对数) / (P·N) = {math}",
    },
    "engine.pr_curve.counts": {
        "en": "P = {P} positives; predict positive when score ≥ threshold",
        "zh": "正样本 P = {P} 个；得分 ≥ 阈值时预测为正",
    },
    "engine.pr_curve.threshold": {
        "en": "threshold {t}: TP = {tp}, FP = {fp} → precision = {precision}, recall = {recall}",
        "zh": "阈值 {t}：TP = {tp}，FP = {fp} → 精确率 = {precision}，召回率 = {recall}",
    },
    "engine.average_precision.counts": {
        "en": "P = {P} positives; at each threshold (score ≥ t is positive) take ΔR·precision, R₀ = 0",
        "zh": "正样本 P = {P} 个；在每个阈值处（得分 ≥ t 为正）取 ΔR·精确率，R₀ = 0",
    },
    "engine.average_precision.threshold": {
        "en": "threshold {t}: precision = {precision}, recall = {recall}, ΔR = {gain} → ΔR·precision = {term}",
        "zh": "阈值 {t}：精确率 = {precision}，召回率 = {recall}，ΔR = {gain} → ΔR·精确率 = {term}",
    },
    "engine.average_precision.value": {
        "en": "AP = Σ ΔR·precision = {ap}",
        "zh": "AP = Σ ΔR·精确率 = {ap}",
    },
    "engine.mse.errors": {"en": "errors y − ŷ = {errors}", "zh": "误差 y − ŷ = {errors}"},
    "engine.mse.squared": {"en": "squared = {squares}", "zh": "平方 = {squares}"},
    "engine.mae.errors": {"en": "absolute errors |y − ŷ| = {errors}", "zh": "绝对误差 |y − ŷ| = {errors}"},
    "engine.r2.constant": {
        "en": "SS_tot = 0 (y_true is constant): R² is defined as 1 for a perfect prediction, "
        "0 otherwise (sklearn's default), so R² = {value}",
        "zh": "SS_tot = 0（y_true 是常数）：预测完全正确时 R² 定义为 1，否则为 0"
        "（sklearn 的默认做法），所以 R² = {value}",
    },
    # --- activations -------------------------------------------------------------------
    "engine.sigmoid.stable": {
        "en": "σ(x) = 1 / (1 + e⁻ˣ); with u = e^(−|x|) ≤ 1 it is 1 / (1 + u) for x ≥ 0 and u / (1 + u) for x < 0",
        "zh": "σ(x) = 1 / (1 + e⁻ˣ)；令 u = e^(−|x|) ≤ 1，则 x ≥ 0 时 σ(x) = 1 / (1 + u)，x < 0 时 σ(x) = u / (1 + u)",
    },
    "engine.elu_grad.note": {
        "en": "= ELU(x) + α; torch takes α at x = 0",
        "zh": "即 ELU(x) + α；torch 在 x = 0 处取 α",
    },
    "engine.softmax.max_along": {"en": "m = max(x) along dim {dim} = {m}", "zh": "m = 沿 dim {dim} 的 max(x) = {m}"},
    "engine.softmax.shift": {
        "en": "subtracting it keeps every exponent ≤ 0",
        "zh": "减去它后每个指数都 ≤ 0",
    },
    # --- losses ------------------------------------------------------------------------
    "engine.reduction": {"en": "reduction {reduction}: {math}", "zh": "reduction 为 {reduction}：{math}"},
    "engine.reduction.kept": {
        "en": "the {count} samples not ignored",
        "en_one": "the 1 sample not ignored",
        "zh": "只计未被忽略的 {count} 个样本",
    },
    "engine.rows_alike": {"en": "rows {first}–{last} work the same way", "zh": "第 {first}–{last} 行按同样方法计算"},
    "engine.loss.ignored": {"en": "target −100 is ignored: ℓ = 0", "zh": "target 为 −100，忽略该样本：ℓ = 0"},
    "engine.cross_entropy.formula": {
        "en": "ℓ = −log softmax(x)[y] = log Σ eˣ − x[y]; subtract the max m first: LSE = m + log Σ e^(x − m)",
        "zh": "ℓ = −log softmax(x)[y] = log Σ eˣ − x[y]；先减去最大值 m：LSE = m + log Σ e^(x − m)",
    },
    "engine.cross_entropy.smoothing": {
        "en": "label smoothing ε = {eps} over C = {C} classes: "
        "ℓ = (1 − ε)·(LSE − x[y]) + ε/C·Σ (LSE − x[c]) over all classes c",
        "zh": "标签平滑 ε = {eps}，共 C = {C} 个类别："
        "ℓ = (1 − ε)·(LSE − x[y]) + ε/C·Σ (LSE − x[c])，对所有类别 c 求和",
    },
    "engine.cross_entropy.picked": {
        "en": "picked logit {xk} = {logit}; {math}",
        "zh": "取出目标类别的 logit {xk} = {logit}；{math}",
    },
    "engine.nll_loss.formula": {
        "en": "ℓ = −input[y]: the negated log-probability of the target class",
        "zh": "ℓ = −input[y]：目标类别的对数概率取负",
    },
    "engine.bce.clamp_log0": {
        "en": "clamped at −100, so log 0 counts as −100",
        "zh": "下限截断为 −100，所以 log 0 记为 −100",
    },
    "engine.bce.clamp": {"en": "clamped at −100", "zh": "下限截断为 −100"},
    "engine.bce_with_logits.softplus": {
        "en": "computed as −softplus(−x), which cannot overflow",
        "zh": "按 −softplus(−x) 计算，不会溢出",
    },
    # --- optimizers --------------------------------------------------------------------
    "engine.optim.grad_name": {"en": "grads[{index}] (the step-{step} gradient)", "zh": "grads[{index}]（第 {step} 步的梯度）"},
    "engine.optim.weight_decay": {"en": "weight decay λ = {lam}", "zh": "权重衰减 λ = {lam}"},
    "engine.sgd.first_buffer": {
        "en": "the momentum buffer starts as the first gradient",
        "zh": "动量缓冲区的初值就是第一步的梯度",
    },
    "engine.adamw.decoupled": {"en": "decoupled weight decay λ = {lam}", "zh": "解耦的权重衰减 λ = {lam}"},
    "engine.clip_grad_norm.overflow": {
        "en": "Σ|gᵢ|ᵖ overflows float64, as in torch, so c = 0",
        "zh": "Σ|gᵢ|ᵖ 超出 float64 的范围（torch 也是如此），所以 c = 0",
    },
    "engine.clip_grad_norm.within": {
        "en": "the norm is within max_norm: g is left as it is",
        "zh": "范数没有超过 max_norm：g 保持不变",
    },
    "engine.step_lr.decays": {"en": "decays so far = {math}", "zh": "已衰减次数 = {math}"},
    # --- initialization ----------------------------------------------------------------
    "engine.calculate_gain.selu": {"en": "empirical, as torch", "zh": "经验值，与 torch 一致"},
    "engine.fan_in_fan_out.shape": {
        "en": "shape = {shape}: out = {out}, in = {inp}, kernel = {kernel}",
        "zh": "shape = {shape}：输出通道数 {out}，输入通道数 {inp}，卷积核 {kernel}",
    },
    "engine.fan_in_fan_out.shape_no_kernel": {
        "en": "shape = {shape}: out = {out}, in = {inp}, no kernel dimensions",
        "zh": "shape = {shape}：输出维度 {out}，输入维度 {inp}，没有卷积核维度",
    },
    "engine.fan_in_fan_out.receptive": {
        "en": "receptive field = {math}",
        "zh": "感受野大小 = {math}",
    },
    "engine.fan_in_fan_out.fan_in": {
        "en": "fan_in = in·receptive field = {math}",
        "zh": "fan_in = 输入通道数·感受野大小 = {math}",
    },
    "engine.fan_in_fan_out.fan_out": {
        "en": "fan_out = out·receptive field = {math}",
        "zh": "fan_out = 输出通道数·感受野大小 = {math}",
    },
    "engine.init_weights.drawn": {
        "en": "{dist}, drawn with numpy default_rng({seed})",
        "zh": "{dist}，用 numpy 的 default_rng({seed}) 抽样",
    },
    "engine.init_weights.sample": {
        "en": "sample mean = {mean}, sample std = {std}",
        "zh": "样本均值 = {mean}，样本标准差 = {std}",
    },
    "engine.init_weights.qr": {
        "en": "M ~ N(0, 1) of {shape}; QR of {m}, Q's columns multiplied by sign(diag(R))",
        "zh": "M ~ N(0, 1)，形状 {shape}；对 {m} 做 QR 分解，Q 的各列乘以 sign(diag(R))",
    },
    "engine.init_weights.orthonormal_rows": {
        "en": "{math}: its rows are orthonormal (times the gain)",
        "zh": "{math}：各行标准正交（再乘以 gain）",
    },
    "engine.init_weights.orthonormal_columns": {
        "en": "{math}: its columns are orthonormal (times the gain)",
        "zh": "{math}：各列标准正交（再乘以 gain）",
    },
    # --- regularization and normalization ----------------------------------------------
    "engine.sum_of_terms": {
        "en": "{lhs} = the sum of {count} terms = {total}",
        "zh": "{lhs} = {count} 项之和 = {total}",
    },
    "engine.l1_penalty_grad.sign": {
        "en": "0 at w = 0, as torch's autograd takes it",
        "zh": "w = 0 处取 0，与 torch 自动求导一致",
    },
    "engine.lp_norm.zero": {
        "en": "‖x‖₀ counts the non-zero entries of {x}: {count}",
        "zh": "‖x‖₀ 数的是 {x} 中非零元素的个数：{count}",
    },
    "engine.lp_norm.all_zero": {"en": "x is all zeros, so {norm} = 0", "zh": "x 全为 0，所以 {norm} = 0"},
    "engine.lp_norm.overflow": {
        "en": "|x|^{p} overflows, so factor out M = max|x| = {top}",
        "zh": "|x|^{p} 会上溢，所以先提出 M = max|x| = {top}",
    },
    "engine.lp_norm.underflow": {
        "en": "|x|^{p} underflows, so factor out M = max|x| = {top}",
        "zh": "|x|^{p} 会下溢，所以先提出 M = max|x| = {top}",
    },
    "engine.dropout.all": {
        "en": "p = 1 drops every unit: the output is all zeros",
        "zh": "p = 1 时丢弃所有单元：输出全为 0",
    },
    "engine.dropout.scale": {
        "en": "scale {math}  (keeps E[output] = x)",
        "zh": "缩放系数 {math}（使输出的期望 E[输出] = x）",
    },
    "engine.dropout.output": {"en": "output = {math}", "zh": "输出 = {math}"},
    "engine.norm.where.channel": {"en": "per channel (column)", "zh": "每个通道（列）"},
    "engine.norm.where.last": {"en": "over the last dimension", "zh": "最后一维上"},
    "engine.norm.where.row": {"en": "per row", "zh": "每行"},
    "engine.norm.mean": {"en": "μ = mean {where} = {mu}", "zh": "μ = {where}的均值 = {mu}"},
    "engine.norm.var": {
        "en": "σ² = mean((x − μ)²) {where} = {var}",
        "zh": "σ² = {where}的 mean((x − μ)²) = {var}",
    },
    "engine.norm.biased": {"en": "biased: divide by the count", "zh": "有偏估计：除以元素个数"},
    "engine.norm.affine": {
        "en": "y = γ·x̂ + β with γ = {gamma}, β = {beta}: {y}",
        "zh": "y = γ·x̂ + β，其中 γ = {gamma}，β = {beta}：{y}",
    },
    "engine.group_norm.pools": {
        "en": "C = {C} channels in num_groups = {G} groups of {count}: each sample pools the {count} values of each group",
        "en_one": "C = {C} channels in num_groups = {G} groups of 1: each group is a single value per sample",
        "zh": "C = {C} 个通道分成 num_groups = {G} 组，每组 {count} 个通道：每个样本在每组内汇集 {count} 个值",
    },
    "engine.group_norm.pools_positions": {
        "en": "C = {C} channels in num_groups = {G} groups of {size}: each sample pools each group's "
        "{size} channels × L = {L} positions = {count} values",
        "zh": "C = {C} 个通道分成 num_groups = {G} 组，每组 {size} 个通道：每个样本在每组内汇集 "
        "{size} 个通道 × L = {L} 个位置 = {count} 个值",
    },
    "engine.group_norm.stats": {
        "en": "sample {n}, group {g} (channels {first}–{last}): {math}",
        "zh": "样本 {n}，第 {g} 组（通道 {first}–{last}）：{math}",
    },
    "engine.group_norm.stats_one": {
        "en": "sample {n}, group {g} (channel {c}): {math}",
        "zh": "样本 {n}，第 {g} 组（通道 {c}）：{math}",
    },
    "engine.instance_norm.pools": {
        "en": "each (sample, channel) pair is normalised over its own L = {L} positions",
        "zh": "每个（样本，通道）只在自己的 L = {L} 个位置上归一化",
    },
    "engine.instance_norm.stats": {
        "en": "sample {n}, channel {c}: {math}",
        "zh": "样本 {n}，通道 {c}：{math}",
    },
    "engine.norm.example": {"en": "for example {math}", "zh": "例如 {math}"},
    "engine.batch_norm_running.mean": {
        "en": "μ_B = batch mean per channel = {mu}",
        "zh": "μ_B = 每个通道的批均值 = {mu}",
    },
    "engine.batch_norm_running.unbiased": {
        "en": "unbiased, as torch stores it",
        "zh": "无偏估计，torch 存的就是它",
    },
    "engine.zscore.population": {
        "en": "population std, divide by n",
        "zh": "总体标准差，除以 n",
    },
    # --- other computations ------------------------------------------------------------
    "engine.attention.scores": {"en": "scores = {math}", "zh": "注意力分数 = {math}"},
    "engine.attention.scale": {
        "en": "scale by {root}: {math}",
        "zh": "除以 {root}：{math}",
    },
    "engine.attention.softmax": {
        "en": "softmax of each row (its max subtracted first, so no exponent overflows):",
        "zh": "对每一行做 softmax（先减去该行最大值，指数就不会溢出）：",
    },
    "engine.attention.output": {"en": "output = weights·v = {math}", "zh": "输出 = 权重·v = {math}"},
    "engine.kmeans_step.assign": {
        "en": "assign each point to the nearest centroid (Euclidean distance; a tie goes to the lower index):",
        "zh": "把每个点分给最近的质心（欧氏距离；距离相同时归入编号较小的那个）：",
    },
    "engine.kmeans_step.point": {
        "en": "{x}: distances {dist} → cluster {j}",
        "zh": "{x}：距离 {dist} → 簇 {j}",
    },
    "engine.kmeans_step.move": {
        "en": "move each centroid to the mean of its points:",
        "zh": "把每个质心移到它所含各点的均值处：",
    },
    "engine.kmeans_step.empty": {
        "en": "cluster {j}: no points, so its centroid stays at {c}",
        "zh": "簇 {j}：没有点，质心留在 {c} 不动",
    },
    "engine.kmeans_step.mean": {
        "en": "cluster {j}: {names} → mean = {math}",
        "zh": "簇 {j}：{names} → 均值 = {math}",
    },
    # --- quizapp compute ---------------------------------------------------------------
    "engine.cli.value": {"en": "value:", "zh": "值："},
    "engine.cli.value_is": {"en": "value: {value}", "zh": "值：{value}"},
    "engine.cli.steps": {"en": "steps:", "zh": "步骤："},
    "engine.cli.agrees": {"en": "check: agrees with {library}", "zh": "核对：与 {library} 一致"},
    "engine.cli.disagrees": {
        "en": "check: DISAGREES with {library}: {detail}",
        "zh": "核对：与 {library} 不一致：{detail}",
    },
    "engine.cli.key_value": {
        "en": "expected KEY=VALUE (e.g. x=[1,-2] or average=macro), got {got}",
        "zh": "应写成 KEY=VALUE（例如 x=[1,-2] 或 average=macro），实际是 {got}",
    },
    "engine.cli.twice": {"en": "argument {key} is given twice", "zh": "参数 {key} 给了两次"},
    "engine.cli.too_deep": {"en": "the value of {key} is nested too deeply", "zh": "{key} 的值嵌套过深"},
    "engine.cli.list_alone": {
        "en": "--list takes no NAME, KEY=VALUE or --check",
        "zh": "--list 不能与 NAME、KEY=VALUE 或 --check 一起用",
    },
    "engine.cli.missing_name": {"en": "missing NAME; usage: {usage}", "zh": "缺少 NAME；用法：{usage}"},
    "engine.cli.check_failed": {
        "en": "the cross-check could not run ({detail})",
        "zh": "交叉核对没能运行（{detail}）",
    },
    # --- errors ------------------------------------------------------------------------
    "engine.error.plain": {"en": "{text}", "zh": "{text}"},
    "engine.error.name_not_string": {
        "en": "a computation's name is a string, got {got}; see `quizapp compute --list`",
        "zh": "计算的名称应是字符串，实际是 {got}；可用 `quizapp compute --list` 查看",
    },
    "engine.error.unknown": {
        "en": "unknown computation {name}; see `quizapp compute --list`",
        "zh": "没有名为 {name} 的计算；可用 `quizapp compute --list` 查看",
    },
    "engine.error.unknown_did_you_mean": {
        "en": "unknown computation {name}; did you mean {close}?",
        "zh": "没有名为 {name} 的计算；是不是想用 {close}？",
    },
    "engine.error.unknown_argument": {
        "en": "{name}: unknown argument {arg}; it takes {expected}",
        "zh": "{name}：没有参数 {arg}；它的参数是 {expected}",
    },
    "engine.error.takes_no_arguments": {
        "en": "{name}: unknown argument {arg}; it takes no arguments",
        "zh": "{name}：没有参数 {arg}；它不接受任何参数",
    },
    "engine.error.missing_argument": {
        "en": "{name}: missing argument {arg}; usage: {usage}",
        "zh": "{name}：缺少参数 {arg}；用法：{usage}",
    },
    "engine.error.too_deep": {
        "en": "{name}: an argument is nested too deeply (a vector or matrix is expected)",
        "zh": "{name}：有参数嵌套过深（应是向量或矩阵）",
    },
    "engine.error.overflow": {
        "en": "{name}: these arguments overflow float64; use smaller numbers",
        "zh": "{name}：这些参数超出了 float64 的范围；请用小一些的数",
    },
    "engine.error.could_not_compute": {
        "en": "{name}: could not compute with these arguments ({detail})",
        "zh": "{name}：无法用这些参数计算（{detail}）",
    },
    "engine.error.nan_result": {
        "en": "{name}: these arguments give an undefined (NaN) result; use smaller or better-scaled numbers",
        "zh": "{name}：这些参数得出的结果无定义（NaN）；请用小一些或量级更合适的数",
    },
    "engine.error.infinite_result": {
        "en": "{name}: these arguments give an infinite (overflowing) result; use smaller or better-scaled numbers",
        "zh": "{name}：这些参数得出的结果为无穷大（溢出）；请用小一些或量级更合适的数",
    },
    "engine.error.not_number": {"en": "{name} must be a number, got {got}", "zh": "{name} 应是一个数，实际是 {got}"},
    "engine.error.not_finite": {
        "en": "{name} must be a finite number, got {got}",
        "zh": "{name} 应是有限的数，实际是 {got}",
    },
    "engine.error.bound": {"en": "{name} must be {op} {bound}, got {got}", "zh": "{name} 必须 {op} {bound}，实际是 {got}"},
    "engine.error.not_whole": {
        "en": "{name} must be a whole number, got {got}",
        "zh": "{name} 应是整数，实际是 {got}",
    },
    "engine.error.not_boolean": {
        "en": "{name} must be true or false, got {got}",
        "zh": "{name} 应是 true 或 false，实际是 {got}",
    },
    "engine.error.not_choice": {
        "en": "{name} must be one of {options}; got {got}",
        "zh": "{name} 应是 {options} 之一；实际是 {got}",
    },
    "engine.error.ragged": {
        "en": "{name} must be a number, a vector or a matrix with rows of equal length",
        "zh": "{name} 应是一个数、一个向量，或各行等长的矩阵",
    },
    "engine.error.not_array": {
        "en": "{name} must be a number, a vector or a matrix, got {got}",
        "zh": "{name} 应是一个数、一个向量或一个矩阵，实际是 {got}",
    },
    "engine.error.ndim": {"en": "{name} must be {want}, got {got}", "zh": "{name} 应是{want}，实际是{got}"},
    "engine.error.empty": {"en": "{name} must not be empty", "zh": "{name} 不能为空"},
    "engine.error.non_finite": {
        "en": "{name} must contain only finite numbers (no NaN or infinity)",
        "zh": "{name} 只能包含有限的数（不能有 NaN 或无穷大）",
    },
    "engine.error.length": {
        "en": "{name} must have {count} elements, got {got}",
        "en_one": "{name} must have 1 element, got {got}",
        "zh": "{name} 应有 {count} 个元素，实际有 {got} 个",
    },
    "engine.error.labels_empty": {
        "en": "{name} must be a non-empty list of class labels",
        "zh": "{name} 应是非空的类别标签列表",
    },
    "engine.error.labels_flat": {
        "en": "{name} must be a flat list of class labels (numbers or strings), got {got}",
        "zh": "{name} 应是一维的类别标签列表（数或字符串），却含有 {got}",
    },
    "engine.error.labels_finite": {
        "en": "{name} must not contain NaN or infinity",
        "zh": "{name} 不能含有 NaN 或无穷大",
    },
    "engine.error.labels_mixed": {
        "en": "{name} mixes numbers and strings; use one kind of label",
        "zh": "{name} 中数和字符串混用了；请只用一种标签",
    },
    "engine.error.same_length": {
        "en": "{a} and {b} must have the same length, got {len_a} and {len_b}",
        "zh": "{a} 和 {b} 的长度应相同，实际分别为 {len_a} 和 {len_b}",
    },
    "engine.error.class_labels": {
        "en": "{name} must hold class labels (whole numbers or strings), got {got}",
        "zh": "{name} 应是类别标签（整数或字符串），却含有 {got}",
    },
    "engine.error.labels_kinds": {
        "en": "y_true and y_pred mix string and number labels; use one kind of label",
        "zh": "y_true 和 y_pred 中字符串标签和数字标签混用了；请只用一种标签",
    },
    "engine.error.labels_repeat": {"en": "labels must not repeat a label", "zh": "labels 中的标签不能重复"},
    "engine.error.labels_kind_of_y_true": {
        "en": "labels must be of the same kind (numbers or strings) as y_true",
        "zh": "labels 的标签类型（数或字符串）应与 y_true 相同",
    },
    "engine.error.labels_none_in_y_true": {
        "en": "labels must include at least one label that occurs in y_true",
        "zh": "labels 至少要包含一个在 y_true 中出现过的标签",
    },
    "engine.error.zero_division": {
        "en": 'zero_division must be 0, 1 or "warn", got {got}',
        "zh": 'zero_division 应是 0、1 或 "warn"，实际是 {got}',
    },
    "engine.error.pos_label": {
        "en": "pos_label must be a class label (a whole number or a string), got {got}",
        "zh": "pos_label 应是一个类别标签（整数或字符串），实际是 {got}",
    },
    "engine.error.binary_labels": {
        "en": 'average="binary" needs at most two labels, but y_true and y_pred hold {count} {labels}; '
        "choose average micro, macro or weighted",
        "zh": 'average="binary" 最多只能有两个标签，而 y_true 和 y_pred 中有 {count} 个 {labels}；'
        "请把 average 设为 micro、macro 或 weighted",
    },
    "engine.error.pos_label_absent": {
        "en": "pos_label={pos} is not one of the labels {labels}; pass pos_label=<one of them>",
        "zh": "pos_label={pos} 不在标签 {labels} 之中；请传入 pos_label=<其中之一>",
    },
    "engine.error.curve_labels": {
        "en": "y_true must hold 0/1 (or −1/1) labels with 1 the positive class, got {labels}",
        "zh": "y_true 应由 0/1（或 −1/1）标签组成，1 为正类，实际是 {labels}",
    },
    "engine.error.no_positive_tpr": {
        "en": "y_true has no positive samples, so the true-positive rate is undefined; it needs both classes",
        "zh": "y_true 中没有正样本，真正例率无定义；两类样本都要有",
    },
    "engine.error.no_negative_fpr": {
        "en": "y_true has no negative samples, so the false-positive rate is undefined; it needs both classes",
        "zh": "y_true 中没有负样本，假正例率无定义；两类样本都要有",
    },
    "engine.error.no_positive_recall": {
        "en": "y_true has no positive samples, so recall is undefined; it needs both classes",
        "zh": "y_true 中没有正样本，召回率无定义；两类样本都要有",
    },
    "engine.error.no_positive_ap": {
        "en": "y_true has no positive samples, so average precision is undefined; it needs both classes",
        "zh": "y_true 中没有正样本，平均精确率无定义；两类样本都要有",
    },
    "engine.error.roc_auc_one_class": {
        "en": "y_true must hold exactly two classes for roc_auc, got only one class",
        "zh": "roc_auc 要求 y_true 恰好有两个类别，实际只有一个",
    },
    "engine.error.roc_auc_classes": {
        "en": "y_true must hold exactly two classes for roc_auc, got {count} classes {labels}",
        "zh": "roc_auc 要求 y_true 恰好有两个类别，实际有 {count} 个：{labels}",
    },
    "engine.error.ap_labels": {
        "en": "y_true must be binary with 1 the positive class, got labels {labels}",
        "zh": "y_true 应是二分类标签且 1 为正类，实际标签为 {labels}",
    },
    "engine.error.r2_two_samples": {
        "en": "r2 needs at least two samples (R² is not defined for one)",
        "zh": "r2 至少需要两个样本（只有一个样本时 R² 无定义）",
    },
    "engine.error.all_ignored": {
        "en": "target: every sample is ignored (index −100), so the mean is undefined",
        "zh": "target：所有样本都被忽略了（索引为 −100），平均值无定义",
    },
    "engine.error.same_shape": {
        "en": "{a} and {b} must have the same shape, got {shape_a} and {shape_b}",
        "zh": "{a} 和 {b} 的形状应相同，实际分别为 {shape_a} 和 {shape_b}",
    },
    "engine.error.target_indices": {
        "en": "target must be a list of {count} class indices, one per row of input",
        "en_one": "target must be a list of 1 class index, one per row of input",
        "zh": "target 应是 {count} 个类别索引组成的列表，input 的每行一个",
    },
    "engine.error.target_range": {
        "en": "target {k} is out of range: class indices run from 0 to {top} (−100 ignores a sample, as in torch)",
        "zh": "target {k} 超出范围：类别索引应在 0 到 {top} 之间（−100 表示忽略该样本，与 torch 一致）",
    },
    "engine.error.bce_input": {
        "en": "input must hold probabilities between 0 and 1 (for logits use bce_with_logits)",
        "zh": "input 应是 0 到 1 之间的概率（logits 请用 bce_with_logits）",
    },
    "engine.error.bce_target": {
        "en": "target must hold values between 0 and 1",
        "zh": "target 的值应在 0 到 1 之间",
    },
    "engine.error.pos_weight": {
        "en": "pos_weight must be a number or one weight per class (the last dimension of input, {count}), got {got}",
        "zh": "pos_weight 应是一个数，或每个类别一个权重（共 {count} 个，即 input 最后一维的长度），实际是 {got}",
    },
    "engine.error.grads_flat": {
        "en": "grads must be a list of per-step gradient vectors (one per step), got one flat list of numbers; "
        "write it as grads={fix}",
        "zh": "grads 应是逐步梯度向量的列表（每步一个），传入的却是一个扁平的数列；请写成 grads={fix}",
    },
    "engine.error.grads_list": {
        "en": "grads must be a non-empty list of per-step gradient vectors, e.g. [[0.5, 0.1], [0.2, -0.3]]; got {got}",
        "zh": "grads 应是非空的逐步梯度向量列表，例如 [[0.5, 0.1], [0.2, -0.3]]；实际是 {got}",
    },
    "engine.error.optim_not_finite": {
        "en": "{name}: these arguments make the parameters overflow or divide 0 by 0 (check eps and the scale of grads)",
        "zh": "{name}：这些参数让参数值溢出或出现 0 除以 0（请检查 eps 和 grads 的量级）",
    },
    "engine.error.nesterov": {
        "en": "sgd: nesterov=true needs momentum > 0 and dampening = 0 (as torch requires)",
        "zh": "sgd：nesterov=true 要求 momentum > 0 且 dampening = 0（torch 的要求）",
    },
    "engine.error.betas": {
        "en": "{name}: betas must be a list of two numbers [β₁, β₂], e.g. [0.9, 0.999]",
        "zh": "{name}：betas 应是两个数组成的列表 [β₁, β₂]，例如 [0.9, 0.999]",
    },
    "engine.error.norm_type": {
        "en": 'norm_type must be a positive number or "inf", got {got}',
        "zh": 'norm_type 应是正数或 "inf"，实际是 {got}',
    },
    "engine.error.lr_overflow": {
        "en": "{name}: the learning rate overflows for this epoch; use a smaller epoch or gamma",
        "zh": "{name}：在这个 epoch 学习率溢出了；请用小一些的 epoch 或 gamma",
    },
    "engine.error.shape_2d": {
        "en": "shape must be a list of positive whole numbers with at least 2 dimensions (out × in × kernel…), got {got}",
        "zh": "shape 应是由正整数组成、至少 2 维的列表（输出 × 输入 × 卷积核…），实际是 {got}",
    },
    "engine.error.shape_1d": {
        "en": "shape must be a list of positive whole numbers with at least 1 dimension, got {got}",
        "zh": "shape 应是由正整数组成、至少 1 维的列表，实际是 {got}",
    },
    "engine.error.shape_too_big": {
        "en": "shape has {count} elements; at most {most} can be sampled",
        "zh": "shape 共有 {count} 个元素；最多只能抽样 {most} 个",
    },
    "engine.error.init_option": {
        "en": "init_weights: {key} is not an option of {method}; {method} takes {takes}",
        "zh": "init_weights：{method} 没有选项 {key}；{method} 的选项是 {takes}",
    },
    "engine.error.init_no_options": {
        "en": "init_weights: {key} is not an option of {method}; {method} takes no options",
        "zh": "init_weights：{method} 没有选项 {key}；{method} 不接受任何选项",
    },
    "engine.error.uniform_order": {
        "en": "init_weights: uniform needs a ≤ b, got a = {a} > b = {b}",
        "zh": "init_weights：uniform 要求 a ≤ b，实际 a = {a} > b = {b}",
    },
    "engine.error.lp_order": {
        "en": 'p must be 0, a number ≥ 1, or "inf" (below 1 it is not a norm); got {got}',
        "zh": 'p 应是 0、≥ 1 的数或 "inf"（小于 1 时不是范数）；实际是 {got}',
    },
    "engine.error.lp_inf_string": {
        "en": 'p must be written as the string "inf" for the max norm',
        "zh": '最大范数的 p 要写成字符串 "inf"',
    },
    "engine.error.mask_shape": {
        "en": "mask must have the shape of x, {want}, got {got}",
        "zh": "mask 的形状应与 x 相同（{want}），实际是 {got}",
    },
    "engine.error.mask_values": {
        "en": "mask must hold only 0 (dropped) and 1 (kept)",
        "zh": "mask 只能含 0（丢弃）和 1（保留）",
    },
    "engine.error.batch_rows": {
        "en": "x must have more than 1 row (sample) per channel in training mode, got {got}, as torch requires",
        "zh": "训练模式下 x 的每个通道要有不止 1 行（样本），实际形状是 {got}（torch 的要求）",
    },
    "engine.error.eps_constant": {
        "en": "eps must be > 0 when a slice of x is constant (its variance is 0)",
        "zh": "x 中有一组值全部相同（方差为 0）时，eps 必须 > 0",
    },
    "engine.error.running_var": {
        "en": "running_var must not be negative (it is a variance)",
        "zh": "running_var 不能为负（它是方差）",
    },
    "engine.error.range_overflow": {
        "en": "x is too large: max − min overflows a float",
        "zh": "x 太大：max − min 超出了浮点数的范围",
    },
    "engine.error.variance_overflow": {
        "en": "x is too large: its mean or variance overflows a float",
        "zh": "x 太大：它的均值或方差超出了浮点数的范围",
    },
    "engine.error.constant_range": {
        "en": "x must not be constant (all values equal, or equal to float precision, as sklearn's scalers judge it); "
        "max − min = {range}",
        "zh": "x 不能是常数（所有值相等，或在浮点精度内相等，sklearn 的缩放器也这样判断）；max − min = {range}",
    },
    "engine.error.constant_variance": {
        "en": "x must not be constant (all values equal, or equal to float precision, as sklearn's scalers judge it); "
        "its variance is {var}",
        "zh": "x 不能是常数（所有值相等，或在浮点精度内相等，sklearn 的缩放器也这样判断）；它的方差是 {var}",
    },
    "engine.error.bayes_zero": {
        "en": "likelihood·prior + false_positive_rate·(1 − prior) is 0: B never happens, so P(A | B) is undefined",
        "zh": "likelihood·prior + false_positive_rate·(1 − prior) 为 0：B 不可能发生，P(A | B) 无定义",
    },
    "engine.error.qk_columns": {
        "en": "q and k must have the same number of columns d_k, got {q} and {k}",
        "zh": "q 和 k 的列数 d_k 应相同，实际分别为 {q} 和 {k}",
    },
    "engine.error.kv_rows": {
        "en": "k and v must have the same number of rows (one value per key), got {k} and {v}",
        "zh": "k 和 v 的行数应相同（每个键对应一个值），实际分别为 {k} 和 {v}",
    },
    "engine.error.kmeans_dims": {
        "en": "points have {points} coordinates but centroids have {centroids}; give both as matrices with one point per row",
        "zh": "points 的点有 {points} 个坐标，centroids 的却有 {centroids} 个；请把两者都写成每行一个点的矩阵",
    },
    "engine.error.pq_coordinates": {
        "en": "p and q must have the same number of coordinates, got {p} and {q}",
        "zh": "p 和 q 的坐标个数应相同，实际分别为 {p} 和 {q}",
    },
    "engine.error.no_reference": {
        "en": "no torch/sklearn reference is defined for {name}",
        "zh": "{name} 没有定义 torch/sklearn 参照实现",
    },
    "engine.error.needs_sklearn": {
        "en": "the cross-check needs scikit-learn: pip install scikit-learn",
        "zh": "交叉核对需要 scikit-learn：pip install scikit-learn",
    },
    "engine.error.needs_torch": {
        "en": "the cross-check needs torch: pip install torch==2.13.0 (a CPU build; "
        "then pip install 'quizapp[torch]' adds scikit-learn too)",
        "zh": "交叉核对需要 torch：pip install torch==2.13.0（CPU 版；"
        "再运行 pip install 'quizapp[torch]' 还会装上 scikit-learn）",
    },
    "engine.error.num_groups": {
        "en": "num_groups must divide the number of channels C = {C}, got {G}",
        "zh": "num_groups 必须整除通道数 C = {C}，实际是 {G}",
    },
    "engine.error.group_single_value": {
        "en": "x gives each group a single value (one sample, one channel per group, no positions); "
        "torch's F.group_norm refuses this: use more samples, positions or channels per group",
        "zh": "x 让每组只有一个值（一个样本、每组一个通道、没有位置维）；"
        "torch 的 F.group_norm 不接受这种输入：请增加样本数、位置数或每组的通道数",
    },
    "engine.error.instance_positions": {
        "en": "x must be N×C×L with more than 1 position L per channel, got {shape}, as torch requires",
        "zh": "x 应是 N×C×L 且每个通道不止 1 个位置 L，实际形状是 {shape}（torch 的要求）",
    },
}
