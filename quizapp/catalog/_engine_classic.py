"""Worked-step sentences of the classic-ML and generalization computations
(quizapp/engine/classic.py). Values are numbers and maths already formatted."""

MESSAGES = {
    "engine.classic.more": {
        "en": "… {count} more points, computed the same way",
        "en_one": "… 1 more point, computed the same way",
        "zh": "……其余 {count} 个点按同样方法计算",
    },
    # logistic regression
    "engine.logistic_regression_step.loss": {
        "en": "mean log loss before the step: L = −(1/n)·Σ[y·ln p + (1 − y)·ln(1 − p)] = {loss}",
        "zh": "更新前的平均对数损失：L = −(1/n)·Σ[y·ln p + (1 − y)·ln(1 − p)] = {loss}",
    },
    # SVM
    "engine.svm_margin.functional": {
        "en": "functional margins y·(w·x + b) = {values}",
        "zh": "函数间隔 y·(w·x + b) = {values}",
    },
    "engine.svm_margin.geometric": {
        "en": "geometric margins y·(w·x + b) / ‖w‖ = {values} (signed distances to the hyperplane)",
        "zh": "几何间隔 y·(w·x + b) / ‖w‖ = {values}（到超平面的带符号距离）",
    },
    "engine.svm_margin.smallest": {
        "en": "the classifier's margin on these points is the smallest geometric margin: {margin}",
        "zh": "分类器在这些点上的间隔是最小的几何间隔：{margin}",
    },
    "engine.svm_subgradient_step.inside": {
        "en": "margin < 1 (inside the margin or misclassified), so their hinge term is active: {points}",
        "zh": "间隔 < 1（落在间隔内或被分错），合页损失项起作用的点：{points}",
    },
    "engine.svm_subgradient_step.none_inside": {
        "en": "every margin is ≥ 1: no hinge term is active, only ½‖w‖² pulls on w",
        "zh": "所有间隔都 ≥ 1：没有合页损失项起作用，只有 ½‖w‖² 在拉动 w",
    },
    # k-means
    "engine.kmeans_inertia.intro": {
        "en": "each point's squared distance to its nearest centroid (a tie goes to the lower index):",
        "zh": "每个点到最近质心的距离平方（距离相同时归入编号较小的质心）：",
    },
    "engine.kmeans_inertia.point": {
        "en": "{point}: nearest centroid {cluster}, squared distance {d2}",
        "zh": "{point}：最近的质心是 {cluster}，距离平方为 {d2}",
    },
    "engine.kmeans_pp_probabilities.intro": {
        "en": "D(x) = distance from each point to its nearest chosen centre:",
        "zh": "D(x) = 每个点到已选中心中最近者的距离：",
    },
    "engine.kmeans_pp_probabilities.probs": {
        "en": "probability of becoming the next centre, D² / Σ D² = {probs}",
        "zh": "被选为下一个中心的概率 D² / Σ D² = {probs}",
    },
    # KNN
    "engine.knn_predict.euclidean": {
        "en": "Euclidean distance to the query, d = {formula}:",
        "zh": "到查询点的欧氏距离 d = {formula}：",
    },
    "engine.knn_predict.manhattan": {
        "en": "Manhattan distance to the query, d = {formula}:",
        "zh": "到查询点的曼哈顿距离 d = {formula}：",
    },
    "engine.knn_predict.nearest": {
        "en": "the {count} nearest: {points}",
        "en_one": "the nearest point: {points}",
        "zh": "最近的 {count} 个点：{points}",
    },
    "engine.knn_predict.votes": {
        "en": "votes by label: {tally}",
        "zh": "各类别票数：{tally}",
    },
    "engine.knn_predict.tie": {
        "en": "labels {labels} tie on votes; the smallest label wins, as in scikit-learn: {label}",
        "zh": "类别 {labels} 票数相同；与 scikit-learn 一样取最小的类别：{label}",
    },
    "engine.knn_predict.winner": {
        "en": "the majority label is the prediction: {label}",
        "zh": "票数最多的类别即为预测：{label}",
    },
    # XGBoost
    "engine.xgboost_split_gain.gain": {
        "en": "gain = ½·({sl} + {sr} − {sp}) − {gamma} = {gain}",
        "zh": "增益 = ½·({sl} + {sr} − {sp}) − {gamma} = {gain}",
    },
    "engine.xgboost_split_gain.split": {
        "en": "the gain is positive, so the split is made",
        "zh": "增益为正，因此进行这次分裂",
    },
    "engine.xgboost_split_gain.no_split": {
        "en": "the gain is not positive, so the split is not made (the node stays a leaf)",
        "zh": "增益不为正，因此不分裂（该节点保持为叶子）",
    },
    # bias, variance, noise
    "engine.bias_variance_decomposition.bias": {
        "en": "bias² = (f̄ − f(x))² = ({mean} − {y})² = {value}",
        "zh": "偏差² = (f̄ − f(x))² = ({mean} − {y})² = {value}",
    },
    "engine.bias_variance_decomposition.variance": {
        "en": "variance = (1/M)·Σ(fⱼ − f̄)², the mean of {squares} = {value}",
        "zh": "方差 = (1/M)·Σ(fⱼ − f̄)²，即 {squares} 的平均 = {value}",
    },
    "engine.bias_variance_decomposition.total": {
        "en": "expected error = bias² + variance + σ² = {bias2} + {var} + {noise} = {value}",
        "zh": "期望误差 = 偏差² + 方差 + σ² = {bias2} + {var} + {noise} = {value}",
    },
    # model selection
    "engine.kfold_split_sizes.division": {
        "en": "⌊n / k⌋ = ⌊{n} / {k}⌋ = {q}, remainder n mod k = {r}",
        "zh": "⌊n / k⌋ = ⌊{n} / {k}⌋ = {q}，余数 n mod k = {r}",
    },
    "engine.kfold_split_sizes.uneven": {
        "en": "the first {extra} folds get {big} samples each, the other {rest} get {small}",
        "zh": "前 {extra} 折各 {big} 个样本，其余 {rest} 折各 {small} 个",
    },
    "engine.kfold_split_sizes.even": {
        "en": "all {k} folds get {size} samples each",
        "zh": "{k} 折每折都是 {size} 个样本",
    },
    "engine.kfold_split_sizes.train": {
        "en": "each model trains on the other folds: {sizes} samples",
        "zh": "每个模型用其余各折训练：分别 {sizes} 个样本",
    },
    "engine.grid_search_fits.candidates": {
        "en": "candidate settings: {product} = {count}",
        "zh": "候选超参数组合：{product} = {count} 组",
    },
    "engine.grid_search_fits.cv": {
        "en": "each of the {count} candidates is fitted once per fold: {count} × {k} = {fits}",
        "zh": "{count} 组候选在每一折上各训练一次：{count} × {k} = {fits}",
    },
    "engine.grid_search_fits.single": {
        "en": "one candidate setting, fitted once per fold: {fits} fits",
        "zh": "只有一组候选超参数，在每一折上各训练一次：共 {fits} 次",
    },
    "engine.grid_search_fits.refit": {
        "en": "plus one refit of the best setting on all the data: {fits}",
        "zh": "再加上用全部数据重训最佳组合的一次：{fits}",
    },
    "engine.random_search_trials.round": {
        "en": "round up to a whole number of trials: n = {n}",
        "zh": "试验次数取整（向上）：n = {n}",
    },
    # errors
    "engine.error.linear_features": {
        "en": "x has {features} features per sample but w has {weights} weights; give x as a matrix with one sample per row",
        "zh": "x 每个样本有 {features} 个特征，而 w 有 {weights} 个权重；请把 x 写成每行一个样本的矩阵",
    },
    "engine.error.linear_targets": {
        "en": "y must have one target per sample of x ({samples}), got {got}",
        "zh": "y 应为 x 的每个样本各给一个目标值（共 {samples} 个），实际有 {got} 个",
    },
    "engine.error.targets_01": {
        "en": "{name} must hold targets between 0 and 1 (class labels 0 and 1)",
        "zh": "{name} 中的目标值应在 0 到 1 之间（类别标签 0 和 1）",
    },
    "engine.error.labels_pm1": {
        "en": "{name} must hold the class labels −1 and +1",
        "zh": "{name} 中的类别标签只能是 −1 和 +1",
    },
    "engine.error.svm_zero_w": {
        "en": "w must not be all zeros: the geometric margin divides by ‖w‖",
        "zh": "w 不能全为 0：几何间隔要除以 ‖w‖",
    },
    "engine.error.xy_coordinates": {
        "en": "x and y must have the same number of coordinates, got {x} and {y}",
        "zh": "x 和 y 的坐标个数应相同，实际分别为 {x} 和 {y}",
    },
    "engine.error.point_dims": {
        "en": "points have {points} coordinates but {other} have {dims}; give both as matrices with one point per row",
        "zh": "points 的点有 {points} 个坐标，{other} 的却有 {dims} 个；请把两者都写成每行一个点的矩阵",
    },
    "engine.error.kmeans_pp_no_next": {
        "en": "every point coincides with a chosen centre, so no next centre can be drawn",
        "zh": "每个点都与某个已选中心重合，无法再抽取下一个中心",
    },
    "engine.error.knn_label_count": {
        "en": "train_y must have one label per training point ({points}), got {got}",
        "zh": "train_y 应为每个训练点各给一个标签（共 {points} 个），实际有 {got} 个",
    },
    "engine.error.knn_query_dims": {
        "en": "query must have {dims} coordinates like each training point, got {got}",
        "zh": "query 应与每个训练点一样有 {dims} 个坐标，实际有 {got} 个",
    },
    "engine.error.knn_distance_tie": {
        "en": "neighbours {count} and {k1} (counting from the nearest) are equally far from the query (d = {d}), "
        "so the {count} nearest neighbours are not defined; change k or the points",
        "en_one": "neighbours 1 and {k1} (counting from the nearest) are equally far from the query (d = {d}), "
        "so the nearest neighbour is not defined; change k or the points",
        "zh": "按距离从近到远，第 {count} 个和第 {k1} 个训练点与查询点一样远（d = {d}），"
        "最近的 {count} 个邻居因此无法确定；请换一个 k 或调整这些点",
    },
    "engine.error.open_probabilities": {
        "en": "{name} must hold probabilities strictly between 0 and 1",
        "zh": "{name} 中的概率必须严格介于 0 和 1 之间",
    },
    "engine.error.gh_length": {
        "en": "{g} and {h} must have the same length (one g and one h per sample), got {len_g} and {len_h}",
        "zh": "{g} 和 {h} 的长度应相同（每个样本各一个 g 和 h），实际分别为 {len_g} 和 {len_h}",
    },
    "engine.error.hess_negative": {
        "en": "{name} must hold second derivatives ≥ 0 (a convex loss)",
        "zh": "{name} 中的二阶导应 ≥ 0（损失应是凸的）",
    },
    "engine.error.leaf_curvature": {
        "en": "the sum of {name} plus reg_lambda must be > 0 (a leaf needs curvature); give reg_lambda > 0",
        "zh": "{name} 之和加上 reg_lambda 必须 > 0（叶子需要曲率）；请取 reg_lambda > 0",
    },
    "engine.error.grid_sizes": {
        "en": "grid_sizes must hold whole numbers ≥ 1 (how many values each hyper-parameter takes)",
        "zh": "grid_sizes 应是 ≥ 1 的整数（每个超参数取几个值）",
    },
    "engine.error.interval_order": {
        "en": "high must be {op} low, got low = {low} and high = {high}",
        "zh": "high 必须 {op} low，实际 low = {low}，high = {high}",
    },
}
