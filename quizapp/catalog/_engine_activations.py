"""Worked-step sentences of the engine's activation_extras computations (PReLU,
softmax with a temperature, log-sum-exp, the softmax Jacobian, loss gradients)."""

MESSAGES = {
    "engine.prelu.shared_slope": {
        "en": "one learned slope a = {a}, shared by every entry",
        "zh": "所有元素共用一个可学习的斜率 a = {a}",
    },
    "engine.prelu.channel_slopes": {
        "en": "one learned slope per channel (the {c} columns of x): a = {a}",
        "zh": "每个通道（x 的 {c} 列）各有一个可学习的斜率：a = {a}",
    },
    "engine.prelu.rule": {
        "en": "PReLU(x) = x if x > 0, else a·x",
        "zh": "带参数的 ReLU：x > 0 时输出 x，否则输出 a·x",
    },
    "engine.prelu_grad.input_rule": {
        "en": "∂y/∂x = 1 where x > 0, else a (torch takes a at x = 0)",
        "zh": "∂y/∂x：x > 0 处为 1，其余为 a（torch 在 x = 0 处取 a）",
    },
    "engine.prelu_grad.weight_rule": {
        "en": "∂y/∂a = x where x ≤ 0, else 0: only the non-positive inputs teach the slope; summed over the entries that share a",
        "zh": "∂y/∂a：x ≤ 0 处为 x，其余为 0——只有非正的输入能让斜率学到东西；再对共用同一个 a 的元素求和",
    },
    "engine.softmax_temperature.max": {
        "en": "m = max(z) = {m}; subtracting it keeps every exponent ≤ 0, so nothing overflows",
        "zh": "m = max(z) = {m}；先减去它，所有指数都 ≤ 0，不会溢出",
    },
    "engine.logsumexp.max": {
        "en": "m = max(x) = {m}; subtracting it keeps every exponent ≤ 0, so nothing overflows",
        "zh": "m = max(x) = {m}；先减去它，所有指数都 ≤ 0，不会溢出",
    },
    "engine.softmax_jacobian.rule": {
        "en": "∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ): pᵢ(1 − pᵢ) on the diagonal, −pᵢ·pⱼ off it (J = diag(p) − p·pᵀ)",
        "zh": "∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ)：对角线上是 pᵢ(1 − pᵢ)，其余位置是 −pᵢ·pⱼ（J = diag(p) − p·pᵀ）",
    },
    "engine.loss_grad.mean": {
        "en": "reduction mean: divide by {count}",
        "en_one": "reduction mean over 1 term: nothing to divide",
        "zh": "reduction 为 mean：除以 {count}",
        "zh_one": "reduction 为 mean，只有 1 项：无需再除",
    },
    "engine.loss_grad.sum": {
        "en": "reduction sum: each term's gradient as it is",
        "zh": "reduction 为 sum：每一项的梯度保持不变",
    },
    "engine.loss_grad.none": {
        "en": "reduction none: the gradient of the sum of the per-element losses",
        "zh": "reduction 为 none：按逐元素损失之和求梯度",
    },
    "engine.cross_entropy_grad.rule": {
        "en": "∂ℓ/∂x = softmax(x) − y for each row, y being the (smoothed) target distribution",
        "zh": "每一行 ∂ℓ/∂x = softmax(x) − y，y 是（平滑后的）目标分布",
    },
    "engine.cross_entropy_grad.smoothed": {
        "en": "label smoothing ε = {eps} over C = {c} classes: y = (1 − ε)·one-hot + ε/C = {q}",
        "zh": "标签平滑 ε = {eps}，共 C = {c} 类：y = (1 − ε)·独热向量 + ε/C = {q}",
    },
    "engine.cross_entropy_grad.ignored": {
        "en": "rows with target −100 (counting from 0: {rows}) are ignored and get a zero gradient",
        "zh": "目标为 −100 的行（从 0 数起：第 {rows} 行）被忽略，梯度为 0",
    },
    "engine.bce_with_logits_grad.weighted": {
        "en": "with pos_weight p: ∂ℓᵢ/∂xᵢ = (1 − t + p·t)·σ(x) − p·t (σ(x) − t when p = 1)",
        "zh": "带 pos_weight p 时：∂ℓᵢ/∂xᵢ = (1 − t + p·t)·σ(x) − p·t（p = 1 时即 σ(x) − t）",
    },
    "engine.error.prelu_weight": {
        "en": "weight must be one slope or one per channel (the {count} columns of x), got {got}",
        "en_one": "weight must be one slope (x has one channel), got {got}",
        "zh": "weight 应是一个斜率，或每个通道一个斜率（即 x 的 {count} 列），实际给了 {got} 个",
        "zh_one": "weight 应是一个斜率（x 只有一个通道），实际给了 {got} 个",
    },
}
