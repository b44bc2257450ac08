#include "studio_types.h"

namespace semcot::ui {

void registerStudioTypes() {
    qRegisterMetaType<MethodOutcome>();
    qRegisterMetaType<ExplainView>();
    qRegisterMetaType<DecodedView>();
    qRegisterMetaType<TrainPoint>();
    qRegisterMetaType<QVector<TrainPoint>>();
    qRegisterMetaType<TrainRequest>();
    qRegisterMetaType<EvalRequest>();
    qRegisterMetaType<EvalData>();
}

} // namespace semcot::ui
